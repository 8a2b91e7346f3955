from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from partnerstwa.activities.models import EventKind
from partnerstwa.activities.selectors import EventFilters
from partnerstwa.lib.bounds import LONG_TEXT_MAX, validate_long_text, validate_single_line
from partnerstwa.lib.forms import language_choices
from partnerstwa.registry import selectors as registry
from partnerstwa.registry.models import Organisation
from partnerstwa.registry.selectors import organisation_by_name
from partnerstwa.registry.widgets import OrganisationInput


class EventFilterForm(forms.Form):
    rodzaj = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("any")), *EventKind.choices]
    )
    wojewodztwo = forms.ChoiceField(label=_("Voivodeship"), required=False)
    kiedy = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("upcoming")), ("minione", _("past"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wojewodztwo"].choices = [("", _("any")), *registry.voivodeships()]

    def filters(self) -> EventFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return EventFilters(
            kind=data.get("rodzaj", ""),
            voivodeship=data.get("wojewodztwo", ""),
            past=data.get("kiedy") == "minione",
        )


class RegistrationDetailsForm(forms.Form):
    """The details a registration is made with, as the public form takes them and as the
    address's owner checks and corrects them on the confirmation page: the same fields and the
    same bounds in both places. The e-mail address is not among them: the confirmation link is
    what proves it."""

    first_name = forms.CharField(
        label=_("First name"), max_length=100, validators=[validate_single_line]
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=100, validators=[validate_single_line]
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=30,
        required=False,
        validators=[validate_single_line],
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=255,
        required=False,
        validators=[validate_single_line],
        help_text=_(
            "Start typing to choose it from the registry; if it is not there, type its full name."
        ),
        widget=OrganisationInput(suggestions_url=reverse_lazy("activities:organisation_options")),
    )
    position = forms.CharField(
        label=_("Position"), max_length=255, required=False, validators=[validate_single_line]
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs (optional)"),
        required=False,
        max_length=LONG_TEXT_MAX,
        validators=[validate_long_text],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. a wheelchair-accessible room, a sign-language interpreter, a diet."),
    )
    language = forms.ChoiceField(
        label=_("Language of our messages"),
        choices=language_choices,
        initial=settings.LANGUAGE_CODE,
        widget=forms.RadioSelect,
    )
    # Asked again on the confirmation page: only the address's owner can agree for themselves.
    consent = forms.BooleanField(label=_("I agree"))

    def __init__(self, *args, consent_text: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent_text = consent_text
        self.fields["consent"].help_text = consent_text

    def clean_organisation(self) -> str:
        # Validators ran on the typed value; collapsing spaces must not hide a line break.
        return " ".join(self.cleaned_data["organisation"].split())

    def organisation_from_registry(self) -> Organisation | None:
        return organisation_by_name(self.cleaned_data.get("organisation", ""))

    def details(self) -> dict:
        """The cleaned details as the registration services take them."""
        data = self.cleaned_data
        organisation = self.organisation_from_registry()
        return {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "phone": data["phone"],
            "organisation": organisation,
            "organisation_name": "" if organisation else data["organisation"],
            "position": data["position"],
            "accessibility_needs": data["accessibility_needs"],
            "language": data["language"],
            "consent_text": self.consent_text,
        }


class RegistrationForm(RegistrationDetailsForm):
    """The public registration form: the details and the address to send the link to."""

    email = forms.EmailField(label=_("E-mail"))

    field_order = ["first_name", "last_name", "email"]


class RegistrationConfirmForm(RegistrationDetailsForm):
    """The confirmation page: the details typed into the public form, prefilled and editable,
    since whoever typed them need not be the address's owner."""

    @staticmethod
    def initial_from(request) -> dict:
        """A RegistrationRequest's details as the form's initial values; nothing else."""
        return {
            "first_name": request.first_name,
            "last_name": request.last_name,
            "phone": request.phone,
            "organisation": request.organisation_name,
            "position": request.position,
            "accessibility_needs": request.accessibility_needs,
            "language": request.language,
        }


def session_label(session) -> str:
    when = date_format(timezone.localtime(session.starts_at), "j E Y, H:i")
    return f"{session.number}. {session.title or when}"


class AttendanceImportForm(forms.Form):
    session = forms.TypedChoiceField(label=_("Session"), coerce=int)
    file = forms.FileField(
        label=_("Attendance list (XLSX or CSV)"),
        help_text=_("Columns: first_name, last_name, email, organisation. CSV with , or ;, UTF-8."),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [
            (session.number, session_label(session)) for session in event.sessions.all()
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload
