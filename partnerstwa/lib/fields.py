"""Model fields shared by the apps."""

from django.db import models

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
