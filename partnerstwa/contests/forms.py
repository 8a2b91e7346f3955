from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from partnerstwa.contests.models import APPLICATION_FLOW, ApplicationStatus, ContestEdition
from partnerstwa.lib.bounds import validate_long_text, validate_single_line
from partnerstwa.lib.forms import language_choices
from partnerstwa.lib.uploads import validate_document
from partnerstwa.partnerships.forms import OrganisationOrPartnershipForm

APPLICANT_KINDS = [("organisation", _("an organisation")), ("partnership", _("a partnership"))]


class ApplicationForm(OrganisationOrPartnershipForm):
    """An application; the edition's questions become fields q<question id>."""

    kind_field = "applicant_kind"
    field_order = ["applicant_kind", "organisation", "partnership"]
    missing_organisation = _(
        "Choose an organisation from the registry; if yours is missing, write to the organisers."
    )
    applicant_kind = forms.ChoiceField(
        label=_("The applicant is"),
        choices=APPLICANT_KINDS,
        widget=forms.RadioSelect,
        initial="organisation",
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=None, required=False)
    title = forms.CharField(
        label=_("Name of the practice"), max_length=255, validators=[validate_single_line]
    )
    summary = forms.CharField(
        label=_("Short description of the practice"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        validators=[validate_long_text],
        help_text=_("Published with the results if the practice wins an award."),
    )
    contact_name = forms.CharField(
        label=_("Contact person"), max_length=255, validators=[validate_single_line]
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), validators=[validate_single_line])
    language = forms.ChoiceField(
        label=_("Language of our messages"),
        choices=language_choices,
        initial=settings.LANGUAGE_CODE,
        widget=forms.RadioSelect,
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        validators=[validate_document],
        help_text=_("PDF, office document or image; up to %(mb)s MB.")
        % {"mb": settings.UPLOAD_MAX_BYTES // 2**20},
    )
    consent = forms.BooleanField(
        label=_("I agree"),
        help_text=_(
            "I agree that the contest organiser processes the contact details given here to run "
            "the contest and to write to me about this application."
        ),
    )

    def __init__(self, *args, edition: ContestEdition, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["category"].queryset = edition.categories.all()
        self.fields["category"].required = edition.categories.exists()
        self.questions = list(edition.questions.all())
        for question in self.questions:
            self.fields[f"q{question.pk}"] = forms.CharField(
                label=question.text,
                required=question.required,
                max_length=5000,
                validators=[validate_long_text],
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        if editing:
            for name in ("applicant_kind", "organisation", "partnership", "attachment", "consent"):
                del self.fields[name]

    def answers(self) -> dict[int, str]:
        return {
            question.pk: self.cleaned_data.get(f"q{question.pk}", "") for question in self.questions
        }


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this application?"),
        choices=[("no", _("No, I have none")), ("yes", _("Yes"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("What is the conflict?"),
        required=False,
        validators=[validate_long_text],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ScoreForm(forms.Form):
    """Points and a comment for every criterion of the edition."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=_("%(name)s (0–%(max)s points, weight %(weight)s)")
                % {"name": criterion.name, "max": criterion.max_points, "weight": criterion.weight},
                min_value=0,
                max_value=criterion.max_points,
            )
            self.fields[f"comment{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(name)s”") % {"name": criterion.name},
                required=False,
                validators=[validate_long_text],
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def points(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}

    def comments(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"comment{c.pk}", "") for c in self.criteria}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(
        label=_("Reason (for ineligibility)"),
        required=False,
        max_length=2000,
        validators=[validate_long_text],
    )

    def __init__(self, *args, application, access, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = APPLICATION_FLOW.get(application.status, set())
        self.fields["status"].choices = [
            (value, label)
            for value, label in ApplicationStatus.choices
            if value in allowed and access.may_set_status(application, value)
        ]
