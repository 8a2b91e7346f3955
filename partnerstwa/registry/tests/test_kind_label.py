"""A list of units says of each what Django's choice labels say: its type (RODZ), else its
additional name, else its level — in the visitor's language."""

import pytest
from django.db import models
from django.utils import translation

from partnerstwa.registry.models import TerritorialUnit, UnitLevel, UnitType


def _as_django_says(unit: TerritorialUnit) -> str:
    """Django's own choice labels (models.Model's get_FOO_display())."""
    field = TerritorialUnit._meta.get_field
    if unit.unit_type:
        return models.Model._get_FIELD_display(unit, field("unit_type"))
    return unit.name_extra or models.Model._get_FIELD_display(unit, field("level"))


UNITS = [
    *(TerritorialUnit(code="0201011", level=UnitLevel.GMINA, unit_type=t) for t in UnitType),
    *(TerritorialUnit(code="02", level=level) for level in UnitLevel),
    TerritorialUnit(code="0201", level=UnitLevel.POWIAT, name_extra="miasto na prawach powiatu"),
    TerritorialUnit(code="0201011", level=UnitLevel.GMINA, unit_type="9"),  # not a known type
]


@pytest.mark.parametrize("language", ["pl", "en"])
def test_each_units_kind_reads_as_djangos_choice_labels_in_each_language(language):
    with translation.override(language):
        assert [unit.kind_label for unit in UNITS] == [_as_django_says(unit) for unit in UNITS]


def test_the_kind_changes_language_with_the_visitor():
    unit = TerritorialUnit(code="0201011", level=UnitLevel.GMINA, unit_type=UnitType.RURAL)
    with translation.override("pl"):
        assert unit.kind_label == "gmina wiejska"
    with translation.override("en"):
        assert unit.kind_label == "rural gmina"
