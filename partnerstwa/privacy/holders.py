"""Holders of personal data: each app that stores a person declares one in <app>/personal.py.

Only the app that owns a record writes it, so the rights app never touches another app's
tables: it asks every holder to find, export, rectify, erase, restrict and age out its own
records about a data subject. Which fields a holder exports and blanks comes from
privacy.personal_data.PERSONAL_DATA, the one declaration; the helpers here read it.
"""

import dataclasses
import datetime
from collections.abc import Iterable
from typing import Any, ClassVar

from django.apps import apps
from django.db import models
from django.db.models import QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from partnerstwa.privacy.personal_data import PERSONAL_DATA

# What stands in a required text field once the person is erased.
ERASED = "—"
# The domain of the placeholder addresses: .invalid never resolves (RFC 2606).
ERASED_DOMAIN = "@usunieto.invalid"


# Fields whose values name a person wherever they were copied; a person a record points to
# counts too (its text is the name).
IDENTIFYING = frozenset(
    {
        "first_name",
        "last_name",
        "email",
        "phone",
        "person",
        "holder_name",
        "contact_name",
        "contact_email",
        "contact_phone",
        "contact_person",
        "address",
    }
)


@dataclasses.dataclass(frozen=True)
class Subject:
    """A data subject as the system knows them: the address they proved control of and the
    registry people linked to it."""

    email: str
    person_ids: frozenset[int] = frozenset()


@dataclasses.dataclass
class RetentionResult:
    """What one retention rule removed or anonymised (or would, in a dry run)."""

    category: str
    count: int


class Holder:
    """One app's records about data subjects. Subclass in <app>/personal.py and decorate with
    @register. `models` lists the PERSONAL_DATA labels the holder covers; `context` adds
    non-personal fields to the export so a record can be recognised (an event's title);
    `provided` names the labels whose records the person provided (portability)."""

    models: ClassVar[tuple[str, ...]] = ()
    context: ClassVar[dict[str, tuple[str, ...]]] = {}
    provided: ClassVar[tuple[str, ...]] = ()
    # Labels whose records carry a consent given in a form (consent_given_at,
    # consent_withdrawn_at): withdraw() records its withdrawal.
    consents: ClassVar[tuple[str, ...]] = ()

    def person_ids(self, email: str) -> set[int]:
        """Registry people this app links to the address (registrations name a person)."""
        return set()

    def records(self, subject: Subject) -> dict[str, QuerySet]:
        """Every record of this app about the subject, per model label."""
        raise NotImplementedError

    def export(self, subject: Subject) -> dict[str, list[dict[str, Any]]]:
        return {
            label: export_rows(queryset, label, self.context.get(label, ()))
            for label, queryset in self.records(subject).items()
        }

    def withdraw(self, subject: Subject) -> int:
        """Record the withdrawal of every consent given in this app's forms (Art. 7(3)); the
        records stay until staff erase them or retention does."""
        now = timezone.now()
        return sum(
            queryset.filter(consent_withdrawn_at__isnull=True)
            .exclude(consent_given_at__isnull=True)
            .update(consent_withdrawn_at=now)
            for label, queryset in self.records(subject).items()
            if label in self.consents
        )

    def rectify(self, subject: Subject, values: dict[str, str]) -> dict[str, int]:
        """Apply corrected values (keys: first_name, last_name, phone) to this app's records."""
        return {}

    def erase(self, subject: Subject) -> dict[str, int]:
        """Anonymise every record: rows stay (indicators count them), nothing identifies."""
        return {
            label: anonymise(queryset, label) for label, queryset in self.records(subject).items()
        }

    def retention(
        self, rules: dict[str, int], *, now: datetime.datetime, dry_run: bool
    ) -> list[RetentionResult]:
        """Apply the retention rules (settings.PRIVACY_RETENTION_DAYS) to this app's records."""
        return []

    def values(self, subject: Subject) -> set[str]:
        """The strings that identify the subject in this app (names, addresses, phones), so
        erasure can find them where they were copied (the audit trail, task arguments)."""
        found: set[str] = set()
        for label, queryset in self.records(subject).items():
            model = _model(label)
            # Free text the person wrote (needs, comments) goes too: it may name or describe them.
            wanted = IDENTIFYING | {
                name
                for name in PERSONAL_DATA[label]
                if isinstance(model._meta.get_field(name), models.TextField)
            }
            for row in export_rows(queryset, label, ()):
                for name, value in row.items():
                    if name in wanted and isinstance(value, str) and len(value.strip()) > 2:
                        found.add(value.strip())
        return found


_holders: list[Holder] = []


def register(cls: type) -> type:
    """Class decorator: the holder's app takes part in every data-subject request. An app that
    may not import privacy (the registry, beside it) declares a plain class as HOLDER in its
    personal.py; the rights app registers it here and Holder's behaviour is mixed in."""
    if not issubclass(cls, Holder):
        cls = type(cls.__name__, (cls, Holder), {})
    if not any(type(holder).__name__ == cls.__name__ for holder in _holders):
        _holders.append(cls())
    return cls


def holders() -> list[Holder]:
    return list(_holders)


def covered() -> set[str]:
    return {label for holder in _holders for label in holder.models}


def subject_for(email: str) -> Subject:
    email = email.strip().lower()
    ids: set[int] = set()
    for holder in _holders:
        ids |= holder.person_ids(email)
    return Subject(email=email, person_ids=frozenset(ids))


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


def export_rows(
    queryset: QuerySet, label: str, context: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """Every declared personal field of every row (a person it points to as text, many-to-many
    as a list), with the context fields, as JSON-ready values."""
    model = _model(label)
    declared = PERSONAL_DATA[label]
    rows = []
    for record in queryset.order_by("pk"):
        row: dict[str, Any] = {"id": record.pk}
        for name in (*context, *declared):
            if "__" in name:
                value: Any = record
                for part in name.split("__"):
                    value = getattr(value, part, None) if value is not None else None
            else:
                field = model._meta.get_field(name)
                if field.many_to_many:
                    value = [str(item) for item in getattr(record, name).all()]
                elif field.is_relation:
                    value = getattr(record, name)
                else:
                    value = getattr(record, name)
            row[name] = _plain(value)
        rows.append(row)
    return rows


def erased_values(label: str, keep: Iterable[str] = ()) -> dict[str, Any]:
    """The update that blanks the declared text fields of a model: blank where the field may be
    blank, otherwise a placeholder (a unique .invalid address for an e-mail). Relations, dates
    and flags stay: they identify no one once the person they point to is anonymised."""
    model = _model(label)
    keep = set(keep)
    update: dict[str, Any] = {}
    for name in PERSONAL_DATA[label]:
        if name in keep:
            continue
        field = model._meta.get_field(name)
        if (
            field.is_relation
            or field.choices
            or not isinstance(field, models.CharField | models.TextField)
        ):
            continue
        if isinstance(field, models.EmailField):
            update[name] = (
                ""
                if field.blank
                else Concat(
                    Value("usunieto-"),
                    Cast("pk", models.CharField()),
                    Value(ERASED_DOMAIN),
                    output_field=models.CharField(),
                )
            )
        else:
            update[name] = "" if field.blank else ERASED
    return update


def anonymise(queryset: QuerySet, label: str, keep: Iterable[str] = ()) -> int:
    """Blank the declared fields of every row (QuerySet.update: no signal copies the old
    values into the audit trail). Returns the number of rows."""
    update = erased_values(label, keep)
    if not update:
        return queryset.count()
    return queryset.update(**update)
