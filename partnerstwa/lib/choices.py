"""get_FOO_display() at the cost of one look-up, for models whose lists show a choice per row.

Django's own turns every choice of the field into a hashable on each call, and hashing a
lazily translated label translates it: 30-120 µs a call for a field of five to ten choices, on
every row of a list that shows it (an event's kind, a barrier's status, a member's role). A
model that inherits ChoiceLabels looks the label up in a table of the field's labels by value,
made once per field; the label is still translated on each call, in the language then active.
"""

from django.db import models
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class ChoiceLabels:
    """Model mixin (before models.Model in the bases): get_FOO_display() answers as Django's
    does (tested for every such field), from labels by value made once per field."""

    def _get_FIELD_display(self, field: models.Field):
        value = getattr(self, field.attname)
        label = _labels(field).get(make_hashable(value), value)
        # force_str() to coerce lazy strings, as Django's own.
        return force_str(label, strings_only=True)


def _labels(field: models.Field) -> dict:
    labels = field.__dict__.get("_labels_by_value")
    if labels is not None:
        return labels
    # Later duplicates win, as in dict(make_hashable(field.flatchoices)).
    labels = {make_hashable(value): label for value, label in field.flatchoices}
    if not isinstance(field.choices, CallableChoiceIterator):  # choices fixed: kept
        field.__dict__["_labels_by_value"] = labels
    return labels
