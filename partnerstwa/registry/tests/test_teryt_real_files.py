import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Count

from partnerstwa.registry.models import TerritorialUnit, UnitLevel
from partnerstwa.registry.services import teryt_import

REGISTER_2022 = Path(settings.BASE_DIR) / "partnerstwa/data/teryt/TERC_Urzedowy_2022-01-01.csv"
REGISTER_2012 = Path(__file__).parent / "data" / "TERC_2012-05-09.xml"


def counts():
    units = TerritorialUnit.objects.in_force()
    by_type = dict(units.gminas().values_list("unit_type").annotate(n=Count("pk")))
    return {
        "voivodeships": units.voivodeships().count(),
        "powiats": units.powiats().count(),
        "city_powiats": sum(1 for u in units.powiats() if u.is_city_with_powiat_rights),
        "gminas": units.gminas().count(),
        "by_type": by_type,
        "parts": units.filter(level=UnitLevel.GMINA_PART).count(),
    }


@pytest.mark.slow
@pytest.mark.django_db
def test_the_2022_register_gives_the_official_counts():
    result = teryt_import(REGISTER_2022)

    assert result.created == 4234
    assert counts() == {
        "voivodeships": 16,
        "powiats": 380,
        "city_powiats": 66,
        "gminas": 2477,
        "by_type": {"1": 302, "2": 1513, "3": 662},
        "parts": 662 * 2 + 18 + 19,
    }
    assert not TerritorialUnit.objects.filter(parent__isnull=True).exclude(
        level=UnitLevel.VOIVODESHIP
    )


@pytest.mark.slow
@pytest.mark.django_db
def test_2012_then_2022_leaves_the_2022_state_in_force_and_the_vanished_units_retired():
    first = teryt_import(REGISTER_2012)
    assert first.created == 4115
    assert counts()["gminas"] == 2479
    assert counts()["by_type"] == {"1": 306, "2": 1571, "3": 602}

    second = teryt_import(REGISTER_2022)

    assert counts()["gminas"] == 2477 and counts()["powiats"] == 380
    assert TerritorialUnit.objects.in_force().count() == 4234
    retired = TerritorialUnit.objects.filter(retired_on__isnull=False)
    assert retired.count() == second.retired > 0
    assert set(retired.values_list("retired_on", flat=True)) == {datetime.date(2022, 1, 1)}
    assert TerritorialUnit.objects.count() == 4234 + second.retired

    again = teryt_import(REGISTER_2022)
    assert (again.created, again.updated, again.retired, again.unchanged) == (0, 0, 0, 4234)
