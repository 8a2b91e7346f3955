from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from partnerstwa.lib.bounds import validate_single_line
from partnerstwa.lib.collation import polish
from partnerstwa.lib.forms import AmountField, ManyOptionsSelect
from partnerstwa.partnerships.models import (
    AreaKind,
    Deliverable,
    FundingProgramme,
    Partnership,
    Project,
    SupportEngagement,
)
from partnerstwa.partnerships.selectors import PartnershipFilters, partnership_choices
from partnerstwa.registry import selectors as registry
from partnerstwa.registry.models import Association
from partnerstwa.registry.selectors import organisation_by_name
from partnerstwa.registry.widgets import OrganisationInput

SORT_CHOICES = [
    ("name", _("name A–Z")),
    ("-name", _("name Z–A")),
    ("-formed", _("newest first")),
    ("formed", _("oldest first")),
    ("-members", _("most members")),
    ("-value", _("highest project value")),
]


class PartnershipFilterForm(forms.Form):
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    wojewodztwo = forms.ChoiceField(label=_("Voivodeship"), required=False)
    rodzaj = forms.ChoiceField(
        label=_("Kind of area"), required=False, choices=[("", _("any")), *AreaKind.choices]
    )
    program = forms.ModelChoiceField(
        label=_("Funding programme"),
        required=False,
        queryset=FundingProgramme.objects.order_by(polish("name")),
        empty_label=_("any"),
    )
    zwiazek = forms.ModelChoiceField(
        label=_("Leader is a member of"),
        required=False,
        queryset=Association.objects.all(),
        to_field_name="code",
        empty_label=_("any association"),
    )
    sortuj = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wojewodztwo"].choices = [("", _("any")), *registry.voivodeships()]

    def filters(self) -> PartnershipFilters:
        # An invalid filter is dropped on its own; the valid ones still apply.
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        programme = data.get("program")
        association = data.get("zwiazek")
        return PartnershipFilters(
            query=data.get("q", "").strip(),
            voivodeship=data.get("wojewodztwo", ""),
            area_kind=data.get("rodzaj", ""),
            funding_programme=programme.pk if programme else None,
            leader_association=association.code if association else "",
            sort=data.get("sortuj") or "name",
        )


class PartnershipEditForm(forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["description", "website"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProjectForm(forms.ModelForm):
    funding_programme_name = forms.CharField(
        label=_("Funding programme"),
        required=False,
        max_length=255,
        validators=[validate_single_line],
        help_text=_("e.g. MF EOG 2009–2014; a new name is added to the list."),
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "reference",
            "total_value",
            "grant",
            "own_contribution",
            "starts_on",
            "ends_on",
            "status",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        field_classes = {
            "total_value": AmountField,
            "grant": AmountField,
            "own_contribution": AmountField,
        }
        help_texts = {
            "own_contribution": _("Give any two of the three amounts; the third follows."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.funding_programme_id:
            self.fields["funding_programme_name"].initial = self.instance.funding_programme.name


class DeliverableForm(forms.ModelForm):
    class Meta:
        model = Deliverable
        fields = ["project", "kind", "title", "status", "adopted_on", "adopting_resolution", "file"]
        widgets = {"adopted_on": DateInput()}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(partnership=partnership)


class ContactForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"), max_length=100, validators=[validate_single_line]
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=100, validators=[validate_single_line]
    )
    position = forms.CharField(
        label=_("Position"), max_length=255, required=False, validators=[validate_single_line]
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, validators=[validate_single_line]
    )


class SupportNotesForm(forms.ModelForm):
    class Meta:
        model = SupportEngagement
        fields = ["notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 6})}


class OrganisationOrPartnershipForm(forms.Form):
    """A public form sent on behalf of an organisation from the registry or of a partnership
    (a contest application, a barrier report): the visitor says which (`kind_field`, its
    choices and label set by the subclass), then names the organisation (suggested as typed) or
    picks the partnership. clean() leaves exactly one of the two in the cleaned data."""

    kind_field = "kind"
    # What to do when the organisation typed is not in the registry (whom to write to).
    missing_organisation = _(
        "Choose an organisation from the registry; "
        "if yours is missing, write to the programme's office."
    )

    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=255,
        required=False,
        validators=[validate_single_line],
        help_text=_("Its name as in the registry; start typing to choose it."),
        widget=OrganisationInput(suggestions_url=reverse_lazy("activities:organisation_options")),
    )
    partnership = forms.ModelChoiceField(
        label=_("Partnership"),
        queryset=Partnership.objects.all(),
        required=False,
        # Every partnership, in Polish order, kept between changes and written in one pass.
        widget=ManyOptionsSelect(partnership_choices),
    )

    def clean(self):
        cleaned = super().clean()
        if self.kind_field not in self.fields:
            return cleaned
        if cleaned.get(self.kind_field) == "partnership":
            if not cleaned.get("partnership"):
                self.add_error("partnership", _("Choose the partnership."))
            cleaned["organisation"] = None
        else:
            organisation = organisation_by_name(cleaned.get("organisation", ""))
            if organisation is None:
                self.add_error("organisation", self.missing_organisation)
            cleaned["organisation"] = organisation
            cleaned["partnership"] = None
        return cleaned
