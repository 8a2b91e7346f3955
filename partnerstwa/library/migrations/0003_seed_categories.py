from django.db import migrations

# The library's first categories, as the association names them; editors may change them.
CATEGORIES = [
    ("stanowiska-i-uchwaly", "stanowiska i uchwały", "positions and resolutions"),
    ("publikacje", "publikacje", "publications"),
    ("raporty", "raporty", "reports"),
    ("analizy-prawne", "analizy prawne", "legal analyses"),
    ("materialy-szkoleniowe", "materiały szkoleniowe", "training materials"),
    ("prezentacje", "prezentacje", "presentations"),
]


def seed(apps, schema_editor):
    DocumentCategory = apps.get_model("library", "DocumentCategory")
    for position, (slug, name_pl, name_en) in enumerate(CATEGORIES, start=1):
        DocumentCategory.objects.update_or_create(
            slug=slug,
            defaults={"name": name_pl, "name_pl": name_pl, "name_en": name_en, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("library", "0002_library_fields")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
