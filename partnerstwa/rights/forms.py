from django import forms
from django.utils.translation import gettext_lazy as _

from partnerstwa.lib.bounds import validate_long_text, validate_single_line
from partnerstwa.rights.models import RequestKind


class RequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        validators=[validate_single_line],
        help_text=_("We send a link to it: only the person who reads its mail can use it."),
    )
    kind = forms.ChoiceField(
        label=_("What do you ask for?"), choices=RequestKind.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=5000,
        validators=[validate_long_text],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What should be corrected and how, which processing you object to and why, or "
            "anything else we should know."
        ),
    )


class ProofForm(forms.Form):
    email = forms.EmailField(label=_("e-mail"), validators=[validate_single_line])


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the extension (the person is told)"),
        max_length=2000,
        validators=[validate_long_text],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RectifyForm(forms.Form):
    first_name = forms.CharField(
        label=_("first name"), required=False, max_length=100, validators=[validate_single_line]
    )
    last_name = forms.CharField(
        label=_("last name"), required=False, max_length=100, validators=[validate_single_line]
    )
    phone = forms.CharField(
        label=_("phone"), required=False, max_length=30, validators=[validate_single_line]
    )


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label=_("Answer to the person"),
        max_length=5000,
        validators=[validate_long_text],
        widget=forms.Textarea(attrs={"rows": 4}),
    )
