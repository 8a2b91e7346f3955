from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from partnerstwa.lib.bounds import validate_long_text, validate_single_line
from partnerstwa.lib.forms import language_choices
from partnerstwa.newsletter import selectors
from partnerstwa.newsletter.models import Topic


class _TopicsField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs) -> None:
        super().__init__(
            queryset=Topic.objects.none(),
            widget=forms.CheckboxSelectMultiple,
            label=_("Topics"),
            **kwargs,
        )


class SignUpForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), validators=[validate_single_line])
    topics = _TopicsField(
        help_text=_("Choose at least one."),
        error_messages={"required": _("Choose at least one topic.")},
    )
    language = forms.ChoiceField(
        label=_("Language of the newsletter"), widget=forms.RadioSelect, initial="pl"
    )
    consent = forms.BooleanField(
        label=_("I agree"),
        error_messages={"required": _("The newsletter is sent only with your consent.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = selectors.offered_topics()
        self.fields["language"].choices = language_choices()


class PreferencesForm(forms.Form):
    topics = _TopicsField(
        required=True, error_messages={"required": _("Choose at least one topic.")}
    )
    language = forms.ChoiceField(label=_("Language of the newsletter"), widget=forms.RadioSelect)

    def __init__(self, *args, subscriber=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offered = selectors.offered_topics()
        if subscriber is not None:
            # A topic no longer offered stays available to those who chose it.
            offered = Topic.objects.filter(
                pk__in=list(offered.values_list("pk", flat=True))
                + list(subscriber.topics.values_list("pk", flat=True))
            ).order_by("position", "pk")
        self.fields["topics"].queryset = offered
        self.fields["language"].choices = language_choices()


class TestSendForm(forms.Form):
    addresses = forms.CharField(
        label=_("Addresses for the test"),
        max_length=2000,
        validators=[validate_long_text],
        help_text=_("Up to 10 addresses, separated by commas or new lines."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_addresses(self) -> list[str]:
        parts = [
            part.strip()
            for part in self.cleaned_data["addresses"].replace("\n", ",").split(",")
            if part.strip()
        ]
        if not parts or len(parts) > 10:
            raise forms.ValidationError(_("Give from 1 to 10 addresses."), code="count")
        for part in parts:
            try:
                validate_email(part)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("“%(address)s” is not an e-mail address."),
                    code="invalid",
                    params={"address": part},
                ) from None
        return parts


class ScheduleForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Send at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Warsaw time."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("List of subscribers (CSV or XLSX)"),
        help_text=_(
            "Columns: email, consent_basis (where and how the person consented; required in "
            "every row), and optionally language (pl or en), topics (separated by semicolons) "
            "and consent_date (YYYY-MM-DD)."
        ),
    )
