"""A unit's full name from its columns alone (registry.models.unit_title), for pages that read
units as values: the same as its str(), for every level and in both languages."""

import pytest
from django.utils import translation

from partnerstwa.registry.models import unit_title
from partnerstwa.registry.tests.factories import gmina, powiat, voivodeship

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "pl",
            [
                "województwo dolnośląskie",
                "powiat bolesławiecki",
                "Wrocław (miasto na prawach powiatu)",
                "Bolesławiec (gmina miejska)",
                "Gromadka (gmina wiejska)",
            ],
        ),
        (
            "en",
            [
                "dolnośląskie voivodeship",
                "bolesławiecki powiat",
                "Wrocław (city with powiat rights)",
                "Bolesławiec (urban gmina)",
                "Gromadka (rural gmina)",
            ],
        ),
    ],
)
def test_a_units_title_is_its_str_for_every_level(language, expected):
    units = [
        voivodeship(),
        powiat(),
        powiat("0264", "Wrocław"),
        gmina(),
        gmina("0201022", "Gromadka"),
    ]
    with translation.override(language):
        titles = [unit_title(u.code, u.level, u.unit_type, u.name) for u in units]
        assert titles == [str(unit) for unit in units]
    assert titles == expected
