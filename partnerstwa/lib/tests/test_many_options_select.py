"""lib.forms.ManyOptionsSelect writes Django's Select's markup for every value, and a blank
form's options once while its options are the same kept object."""

import pytest
from django import forms

from partnerstwa.lib.forms import ManyOptionsSelect

CHOICES = ((1, "Gmina <Ą> & „B”"), (2, "Partnerstwo nr 2"), (10, "Partnerstwo nr 10"))


class _Form(forms.Form):
    # The same field but for the widget, so that both validate alike.
    ours = forms.ChoiceField(
        required=False,
        choices=[("", "---------"), *CHOICES],
        widget=ManyOptionsSelect(lambda: CHOICES),
    )
    django = forms.ChoiceField(required=False, choices=[("", "---------"), *CHOICES])


@pytest.mark.parametrize("value", [None, "", "2", "10", "99"])
def test_the_markup_is_djangos_selects_with_the_chosen_option_selected(value):
    form = _Form(data={"ours": value, "django": value} if value is not None else None)
    # The same attributes but for the field's name (in its id and error's id too).
    assert str(form["ours"]).replace("ours", "f") == str(form["django"]).replace("django", "f")


def test_a_blank_forms_options_are_written_once_while_the_options_are_the_same():
    calls = []

    def options():
        calls.append(1)
        return CHOICES

    widget = ManyOptionsSelect(options)
    first = widget.render("p", None)
    widget._options = lambda *args: pytest.fail("written again")  # type: ignore[method-assign]
    assert widget.render("p", None) == first
    assert len(calls) == 2  # asked each time: a change gives a new object, written afresh
