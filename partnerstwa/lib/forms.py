"""Form fields shared by the apps."""

from collections.abc import Callable, Iterable
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language_info

from partnerstwa.lib import bounds
from partnerstwa.lib.html import html_format, html_rows


class AmountField(forms.DecimalField):
    """An amount in PLN as people type it in Poland."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_value", bounds.MAX_AMOUNT)
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            return bounds.parse_amount(value)
        return super().to_python(value)


def filtering(request, form_class) -> bool:
    """Whether the request names any field of the filter form: without one, a list page shows
    its filter form with nothing chosen, which is the same for every visitor and can be kept."""
    return any(name in request.GET for name in form_class.base_fields)


def add_validation_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def language_choices() -> list[tuple[str, str]]:
    """The site's languages (settings.LANGUAGES) for a person to pick theirs: each named in
    itself ("polski", "English"), whatever the page's language."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class ManyOptionsSelect(forms.Select):
    """A select of many options — every partnership, 5,000 at national scale — written in one
    pass (lib.html): Django's Select renders a template for each option, 1.2 s for 5,000. The
    options are `options()` ((value, label) pairs, read when the form is shown) after the
    field's empty choice; the markup is Django's Select's, the chosen option selected. While
    `options()` returns the same object (a read kept between changes, lib.freshness.kept), the
    options with none chosen — a blank form — are written once and reused."""

    def __init__(self, options: Callable[[], Iterable[tuple]], attrs=None) -> None:
        super().__init__(attrs)
        self.options = options
        self.empty_label = "---------"
        # The blank form's options by the options object they were written from, shared by the
        # copies each form makes of its fields (a language's options are a kept object each).
        self._blank: dict[int, tuple[object, str]] = {}

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)
        copied._blank = self._blank
        return copied

    def render(self, name, value, attrs=None, renderer=None) -> str:
        chosen = set(self.format_value(value)) - {""}
        choices = self.options()
        kept = self._blank.get(id(choices))
        if not chosen and kept is not None and kept[0] is choices:
            options = kept[1]
        else:
            options = self._options(choices, chosen)
            if not chosen:
                if len(self._blank) >= 4:
                    self._blank.clear()
                self._blank[id(choices)] = (choices, options)
        attributes = html_rows(
            "",
            " {}{}",
            (
                (key, "" if value is True else html_format('="{}"', value))
                for key, value in self.build_attrs(self.attrs, attrs).items()
                if value is not False
            ),
        )
        return html_format('<select name="{}"{}>{}\n</select>', name, attributes, options)

    def _options(self, choices: Iterable[tuple], chosen: set[str]) -> str:
        empty = [("", self.empty_label)] if self.empty_label is not None else []
        return html_rows(
            "",
            '\n  <option value="{}"{}>{}</option>\n',
            (
                (key, " selected" if str(key) in chosen or not (key or chosen) else "", label)
                for key, label in [*empty, *choices]
            ),
        )
