from django import forms
from django.utils.translation import gettext_lazy as _

from partnerstwa.activities.models import Event
from partnerstwa.lib.bounds import validate_single_line


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        validators=[validate_single_line],
        help_text=_("Which integration uses it, so that it can be recognised later."),
    )
    read_personal = forms.BooleanField(
        label=_("read-personal: registrations and attendance of the chosen events"),
        required=False,
    )
    write_attendance = forms.BooleanField(
        label=_("write: import attendance lists for the chosen events' sessions"),
        required=False,
    )
    events = forms.ModelMultipleChoiceField(
        label=_("Events"),
        queryset=Event.objects.order_by("-starts_at", "-pk"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("read_personal") or data.get("write_attendance")):
            raise forms.ValidationError(_("Choose at least one scope."))
        if not data.get("events"):
            self.add_error("events", _("Choose the events the token is for."))
        return data
