from django import forms
from django.utils.translation import gettext_lazy as _

from partnerstwa.library.models import DocumentCategory


class DocumentFilterForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=DocumentCategory.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("any category"),
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("any year")), *((year, year) for year in years)]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, required=False)
