from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from partnerstwa.lib.bounds import validate_day, validate_single_line
from partnerstwa.operations import selectors


class ChangesFilter(forms.Form):
    model = forms.TypedChoiceField(label=_("Kind of record"), required=False, coerce=int)
    actor = forms.ModelChoiceField(
        label=_("Changed by"),
        queryset=get_user_model().objects.filter(is_staff=True).order_by("username"),
        required=False,
    )
    since = forms.DateField(label=_("From"), required=False, validators=[validate_day])
    until = forms.DateField(label=_("To"), required=False, validators=[validate_day])
    record = forms.CharField(
        label=_("Record number"), required=False, max_length=64, validators=[validate_single_line]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = {kind.pk: kind for kind in selectors.trail_models()}
        self.fields["model"].choices = [
            ("", _("all")),
            *((pk, str(kind)) for pk, kind in self.kinds.items()),
        ]

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "content_type": self.kinds.get(data["model"]) if data.get("model") else None,
            "actor_id": data["actor"].pk if data.get("actor") else None,
            "since": data.get("since"),
            "until": data.get("until"),
            "record": (data.get("record") or "").strip(),
        }
