"""Form widgets for registry records, shared by every app whose forms name them."""

from django import forms


class OrganisationInput(forms.TextInput):
    """An organisation's name, typed freely; as one types, htmx fills the field's datalist with
    registry names from `suggestions_url`. Without JavaScript it is a plain text field."""

    template_name = "registry/widgets/organisation_input.html"
    datalist_id = "organisation-options"

    def __init__(self, *, suggestions_url: str, attrs: dict | None = None) -> None:
        super().__init__({"list": self.datalist_id, "autocomplete": "off", **(attrs or {})})
        self.suggestions_url = suggestions_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "hx-get": str(self.suggestions_url),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": f"#{self.datalist_id}",
                "hx-swap": "innerHTML",
            }
        )
        context["widget"]["datalist_id"] = self.datalist_id
        return context
