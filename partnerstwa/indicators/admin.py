from django import forms
from django.contrib import admin

from partnerstwa.indicators.computation import INDICATORS
from partnerstwa.indicators.models import IndicatorTarget


def _indicator_choices():
    return [(indicator.code, f"{indicator.code} – {indicator.name}") for indicator in INDICATORS]


class TargetForm(forms.ModelForm):
    code = forms.ChoiceField(choices=_indicator_choices)

    class Meta:
        model = IndicatorTarget
        fields = ["code", "baseline", "target", "target_date", "notes"]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin):
    form = TargetForm
    list_display = ["code", "baseline", "target", "target_date"]
