"""lib.choices: a model with ChoiceLabels says every choice of every field as Django's own
get_FOO_display() says it, in each language, an unknown value and an empty one included."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from partnerstwa.lib.choices import ChoiceLabels

LABELLED = [model for model in apps.get_models() if issubclass(model, ChoiceLabels)]


def test_the_models_whose_lists_show_a_choice_per_row_have_the_mixin():
    names = {model.__name__ for model in LABELLED}
    assert {"Event", "LegalBarrier", "PartnershipMember", "Deliverable"} <= names


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("model", LABELLED, ids=lambda model: model.__name__)
def test_each_choice_reads_as_djangos_own_label(model, language):
    fields = [field for field in model._meta.concrete_fields if field.choices]
    assert fields
    with translation.override(language):
        for field in fields:
            values = [value for value, _label in field.flatchoices]
            for value in [*values, "not-a-choice", None, ""]:
                record = model()
                setattr(record, field.attname, value)
                ours = getattr(record, f"get_{field.name}_display")()
                assert ours == models.Model._get_FIELD_display(record, field)
                assert type(ours) is type(models.Model._get_FIELD_display(record, field))


def test_a_label_follows_the_language_active_when_it_is_read():
    from partnerstwa.activities.models import Event, EventKind

    event = Event(kind=EventKind.TRAINING)
    with translation.override("pl"):
        polish = event.get_kind_display()
    with translation.override("en"):
        english = event.get_kind_display()
    assert (polish, english) == ("szkolenie", "training")
