"""Form fields shared by the apps."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language_info

from partnerstwa.lib import bounds


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
