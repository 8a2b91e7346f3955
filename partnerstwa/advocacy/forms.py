from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from partnerstwa.advocacy import selectors
from partnerstwa.advocacy.models import AreaOfLaw, BarrierStatus, LegalBarrier
from partnerstwa.advocacy.validators import validate_references
from partnerstwa.lib.bounds import validate_long_text, validate_single_line
from partnerstwa.lib.forms import language_choices
from partnerstwa.partnerships.forms import OrganisationOrPartnershipForm

REPORTER_KINDS = [
    ("organisation", _("a local government or other organisation")),
    ("partnership", _("a partnership")),
]

LEGAL_ACTS_HELP = _(
    "One act a line, as Dziennik Ustaw cites it: “Dz.U. 2016 poz. 446” or “Dz.U. z 2016 r. "
    "poz. 446”, optionally with the provision: “Dz.U. 2016 poz. 446, art. 10 ust. 1 pkt 2”."
)


def _legal_acts_field(**kwargs) -> forms.CharField:
    return forms.CharField(
        label=_("Legal acts concerned"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_long_text, validate_references],
        help_text=LEGAL_ACTS_HELP,
        **kwargs,
    )


class ReportForm(OrganisationOrPartnershipForm):
    """The public form: a local government or a partnership reports a barrier."""

    kind_field = "reporter_kind"
    field_order = ["reporter_kind", "organisation", "partnership"]
    missing_organisation = _(
        "Choose an organisation from the registry; "
        "if yours is missing, write to the programme's office."
    )
    reporter_kind = forms.ChoiceField(
        label=_("The barrier is reported by"),
        choices=REPORTER_KINDS,
        widget=forms.RadioSelect,
        initial="organisation",
    )
    title = forms.CharField(
        label=_("The barrier in one sentence"), max_length=255, validators=[validate_single_line]
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        validators=[validate_long_text],
        help_text=_(
            "What you wanted to do together, which rule stood in the way and what it cost."
        ),
    )
    area = forms.ModelChoiceField(label=_("Area of law"), queryset=AreaOfLaw.objects.all())
    legal_acts = _legal_acts_field()
    contact_name = forms.CharField(
        label=_("Contact person"), max_length=255, validators=[validate_single_line]
    )
    contact_email = forms.EmailField(
        label=_("Contact e-mail"),
        validators=[validate_single_line],
        help_text=_("We send a link to confirm it; the outcome of the review goes there too."),
    )
    language = forms.ChoiceField(
        label=_("Language of our messages"),
        choices=language_choices,
        initial=settings.LANGUAGE_CODE,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_("I agree"),
        help_text=_(
            "I agree that the programme's office processes the contact details given here to "
            "review this report and to write to me about it. They are never published."
        ),
    )


class FilterForm(forms.Form):
    obszar = forms.ChoiceField(label=_("Area of law"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("any")), *BarrierStatus.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["obszar"].choices = [
            ("", _("any")),
            *((area.slug, area.name) for area in selectors.areas_in_use()),
        ]


class PublishForm(forms.Form):
    """Staff publish a report: as a new barrier (details corrected) or into a known one."""

    into = forms.ModelChoiceField(
        label=_("Add the reporter to a barrier already published"),
        queryset=LegalBarrier.objects.none(),
        required=False,
        help_text=_("Leave empty to publish the report as a new barrier."),
    )
    area = forms.ModelChoiceField(
        label=_("Area of law"), queryset=AreaOfLaw.objects.all(), required=False
    )
    title = forms.CharField(label=_("Title"), max_length=255, validators=[validate_single_line])
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[validate_long_text],
    )
    legal_acts = _legal_acts_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = LegalBarrier.objects.published().order_by("title")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("into") and not cleaned.get("area"):
            self.add_error("area", _("Choose the area of law."))
        return cleaned


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_long_text],
        help_text=_("The sender reads it in our e-mail."),
    )


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        label=_("Keep this barrier"), queryset=LegalBarrier.objects.none()
    )
    duplicate = forms.ModelChoiceField(
        label=_("Merge this duplicate into it"), queryset=LegalBarrier.objects.none()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("keep", "duplicate"):
            self.fields[name].queryset = selectors.mergeable_barriers()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("keep") and cleaned.get("keep") == cleaned.get("duplicate"):
            self.add_error("duplicate", _("Choose two different barriers."))
        return cleaned


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=BarrierStatus.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[validate_long_text],
        help_text=_("Needed to skip a step, go back or leave an outcome; shown in the history."),
    )


class PeriodForm(forms.Form):
    od = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    do = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("od") and cleaned.get("do") and cleaned["od"] > cleaned["do"]:
            self.add_error("do", _("The end of the period cannot come before its start."))
        return cleaned
