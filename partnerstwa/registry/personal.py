"""The registry's records about a data subject: the person and their affiliations.

The registry sits beside privacy, not above it, so this holder imports nothing from privacy:
it is a plain class named HOLDER that the rights app registers (privacy.holders.register mixes
in the shared behaviour: export from the declared fields)."""

from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat

from partnerstwa.registry.models import Affiliation, Person

# What stands in a required name once the person is erased (privacy.holders.ERASED).
ERASED = "—"
# An erased person keeps an address of their own that reaches no one (privacy.holders'
# placeholder): the indicators tell people apart by address, so two erased people stay two.
ERASED_EMAIL = Concat(
    Value("usunieto-"),
    Cast("pk", CharField()),
    Value("@usunieto.invalid"),
    output_field=CharField(),
)


class RegistryHolder:
    models = ("registry.Person", "registry.Affiliation")
    context = {"registry.Affiliation": ("organisation",)}
    provided = ("registry.Person",)

    def person_ids(self, email: str) -> set[int]:
        return set(Person.objects.filter(email__iexact=email).values_list("pk", flat=True))

    def records(self, subject) -> dict[str, QuerySet]:
        people = Person.objects.filter(
            Q(email__iexact=subject.email) | Q(pk__in=subject.person_ids)
        )
        return {
            "registry.Person": people,
            "registry.Affiliation": Affiliation.objects.filter(person__in=people),
        }

    def rectify(self, subject, values: dict[str, str]) -> dict[str, int]:
        update = {key: values[key] for key in ("first_name", "last_name", "phone") if key in values}
        if not update:
            return {}
        return {"registry.Person": self.records(subject)["registry.Person"].update(**update)}

    def erase(self, subject) -> dict[str, int]:
        found = self.records(subject)
        # The person's row stays: attendance, certificates and jury seats point to it and are
        # counted by the indicators; it names no one any more.
        return {
            "registry.Affiliation": found["registry.Affiliation"].update(position=""),
            "registry.Person": found["registry.Person"].update(
                first_name=ERASED, last_name=ERASED, email=ERASED_EMAIL, phone=""
            ),
        }


HOLDER = RegistryHolder
