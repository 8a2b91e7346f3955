"""The editable lists' first rows: areas of law where inter-municipal cooperation meets
barriers, and the addressees of recommendations.

The ministries are the government's as this seed was written (2026, after the cabinet changes
of July 2025); staff keep the list current in the back office (Addressees), marking a body that
no longer exists rather than deleting it. The Ministry of Development (MR, 2015-2017) is the
programme's own addressee in the reference (goal 2: MSWiA and MR) and is kept, not current."""

from django.db import migrations

AREAS = [
    ("ustroj-samorzadu", "Ustrój samorządu terytorialnego", "Local government law"),
    ("wspolna-obsluga", "Wspólna obsługa jednostek (CUW)", "Joint service centres"),
    ("porozumienia-i-zwiazki", "Porozumienia i związki międzygminne", "Inter-municipal agreements and unions"),
    ("zamowienia-publiczne", "Zamówienia publiczne", "Public procurement"),
    ("finanse-publiczne", "Finanse publiczne", "Public finance"),
    ("pomoc-publiczna", "Pomoc publiczna", "State aid"),
    ("polityka-rozwoju", "Polityka rozwoju i planowanie strategiczne", "Development policy and strategic planning"),
    ("planowanie-przestrzenne", "Planowanie i zagospodarowanie przestrzenne", "Spatial planning"),
    ("transport-publiczny", "Publiczny transport zbiorowy", "Public transport"),
    ("gospodarka-komunalna", "Gospodarka komunalna", "Municipal services"),
    ("oswiata", "Oświata", "Education"),
    ("inne", "Inne", "Other"),
]

# (short name, Polish name, English name, exists today)
ADDRESSEES = [
    ("MSWiA", "Ministerstwo Spraw Wewnętrznych i Administracji", "Ministry of the Interior and Administration", True),
    ("MFiPR", "Ministerstwo Funduszy i Polityki Regionalnej", "Ministry of Funds and Regional Policy", True),
    ("MF", "Ministerstwo Finansów", "Ministry of Finance", True),
    ("MRiT", "Ministerstwo Rozwoju i Technologii", "Ministry of Development and Technology", True),
    ("MI", "Ministerstwo Infrastruktury", "Ministry of Infrastructure", True),
    ("MKiŚ", "Ministerstwo Klimatu i Środowiska", "Ministry of Climate and Environment", True),
    ("MEN", "Ministerstwo Edukacji Narodowej", "Ministry of National Education", True),
    ("MRPiPS", "Ministerstwo Rodziny, Pracy i Polityki Społecznej", "Ministry of Family, Labour and Social Policy", True),
    ("MZ", "Ministerstwo Zdrowia", "Ministry of Health", True),
    ("MC", "Ministerstwo Cyfryzacji", "Ministry of Digital Affairs", True),
    ("MRiRW", "Ministerstwo Rolnictwa i Rozwoju Wsi", "Ministry of Agriculture and Rural Development", True),
    ("MKiDN", "Ministerstwo Kultury i Dziedzictwa Narodowego", "Ministry of Culture and National Heritage", True),
    ("KWRiST", "Komisja Wspólna Rządu i Samorządu Terytorialnego", "Joint Commission of the Government and Local Government", True),
    ("MR", "Ministerstwo Rozwoju", "Ministry of Development (2015–2017)", False),
]


def seed(apps, schema_editor):
    AreaOfLaw = apps.get_model("advocacy", "AreaOfLaw")
    Addressee = apps.get_model("advocacy", "Addressee")
    for position, (slug, polish, english) in enumerate(AREAS):
        AreaOfLaw.objects.get_or_create(
            slug=slug,
            defaults={"name": polish, "name_pl": polish, "name_en": english, "position": position},
        )
    for position, (short, polish, english, current) in enumerate(ADDRESSEES):
        if not Addressee.objects.filter(name_pl=polish).exists():
            Addressee.objects.create(
                name=polish,
                name_pl=polish,
                name_en=english,
                short_name=short,
                is_current=current,
                position=position,
            )


class Migration(migrations.Migration):
    dependencies = [("advocacy", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
