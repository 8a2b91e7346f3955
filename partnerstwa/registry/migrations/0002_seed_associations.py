from django.db import migrations

# The four associations behind the reference programme (ZMP lead, with KS, ZPP and ZGW RP).
ASSOCIATIONS = [
    ("ZMP", "Związek Miast Polskich", "PL", "https://www.zmp.poznan.pl"),
    ("ZPP", "Związek Powiatów Polskich", "PL", "https://www.zpp.pl"),
    ("ZGWRP", "Związek Gmin Wiejskich Rzeczypospolitej Polskiej", "PL", "https://www.zgwrp.pl"),
    ("KS", "KS – Norweski Związek Władz Lokalnych i Regionalnych", "NO", "https://www.ks.no"),
]


def seed(apps, schema_editor):
    Association = apps.get_model("registry", "Association")
    for code, name, country, website in ASSOCIATIONS:
        Association.objects.get_or_create(
            code=code, defaults={"name": name, "country": country, "website": website}
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
