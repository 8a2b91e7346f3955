"""Model fields shared by the apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerstwa.lib import bounds
from partnerstwa.lib.forms import AmountField as AmountFormField


class AmountField(models.DecimalField):
    """An amount in PLN, exact to the grosz, within bounds.MAX_AMOUNT. Every form built from the
    model (coordinator forms, the back office) parses it as people write amounts in Poland and
    refuses an exponent or another script's digits, as lib.forms.AmountField does."""

    default_validators = [bounds.validate_amount]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": AmountFormField, **kwargs})


class IllustrativeField(models.BooleanField):
    """The one declaration of "this record is made up": the demo sets it on everything it
    invents, and every page, export, JSON field and report that shows such a record marks it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("illustrative"))
        kwargs.setdefault("default", False)
        kwargs.setdefault(
            "help_text", _("Made-up demo record, marked as such wherever it is shown.")
        )
        super().__init__(*args, **kwargs)
