"""Importing attendance lists from XLSX or CSV.

Columns (header row, any order, letter case and Polish letters ignored): first_name,
last_name, email, organisation — or their Polish names (imię, nazwisko, e-mail / adres e-mail,
organizacja); the downloadable template (`template_workbook`) has them in the interface language.
An organisation the registry does not know is a row error that names the closest registry
organisations. CSV: `,` or `;`, UTF-8 with or without BOM. A person is matched by e-mail
(case and spaces ignored), otherwise by first name, last name and organisation.

The preview runs the very same import inside a transaction that is rolled back, so it shows
exactly what the confirmed import will do — and writes nothing. Rows stream in batches: memory
does not grow with the file.
"""

import uuid
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerstwa.activities.models import (
    Attendance,
    AttendanceMethod,
    Event,
    Registration,
    Session,
)
from partnerstwa.activities.services import attendance_bulk_record
from partnerstwa.lib import spreadsheets, tabular
from partnerstwa.lib.bounds import validate_single_line
from partnerstwa.lib.errors import FileRowError
from partnerstwa.lib.text import case_variants, compact_email, fold
from partnerstwa.registry.models import Affiliation, Organisation, Person
from partnerstwa.registry.selectors import organisation_suggestions, people_by_email
from partnerstwa.registry.services import people_bulk_add

COLUMNS = ("first_name", "last_name", "email", "organisation")
# What the template's header says, in the interface language; read back in every language.
COLUMN_LABELS = {
    "first_name": gettext_lazy("first name"),
    "last_name": gettext_lazy("last name"),
    "email": gettext_lazy("e-mail"),
    "organisation": gettext_lazy("organisation"),
}
# Other headers people write for the same columns (compared as _header_key folds them).
HEADER_ALIASES = {
    "first_name": ["first_name", "firstname", "given name", "imię", "imiona"],
    "last_name": ["last_name", "lastname", "surname", "family name", "nazwisko"],
    "email": ["email", "e-mail", "mail", "email address", "e-mail address", "adres e-mail",
              "adres email", "adres mailowy", "adres poczty elektronicznej"],
    "organisation": ["organisation", "organization", "organizacja", "nazwa organizacji",
                     "instytucja", "nazwa instytucji"],
}  # fmt: skip
REQUIRED = ("first_name", "last_name")
LIMITS = {
    "first_name": Person._meta.get_field("first_name").max_length,
    "last_name": Person._meta.get_field("last_name").max_length,
    "email": Person._meta.get_field("email").max_length,
    "organisation": Organisation._meta.get_field("name").max_length,
}
BATCH = 2000
KEPT_OUTCOMES = 200  # rows shown in the preview; the counts cover every row
KEPT_ERRORS = 1000
SUGGESTED_NAMES = 100  # distinct unknown organisations given suggestions

# The file as a whole cannot be read (type, encoding, header, a damaged sheet...): the one error
# type of every import, under the name the views catch.
ImportFileError = FileRowError


@dataclass
class RowOutcome:
    row: int
    name: str
    email: str
    organisation: str
    action: str  # "create", "match", "present", "duplicate"


@dataclass
class RowError:
    row: int
    message: str
    # A typed organisation the registry does not know, and the closest ones it does.
    organisation: str = ""
    suggestions: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: int = 0
    persons_created: int = 0
    persons_matched: int = 0
    attendances_created: int = 0
    already_present: int = 0
    duplicates_in_file: int = 0
    outcomes: list[RowOutcome] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, row: int, message: str, *, organisation: str = "") -> None:
        self.error_count += 1
        if len(self.errors) < KEPT_ERRORS:
            self.errors.append(RowError(row, message, organisation=organisation))

    def suggest_organisations(self) -> None:
        """Name the closest registry organisations for each unknown one the report shows."""
        # Each name is compared with the whole registry (~7 ms for 3,000 organisations): the
        # first names are enough to show the way.
        typed = list(dict.fromkeys(e.organisation for e in self.errors if e.organisation))
        typed = typed[:SUGGESTED_NAMES]
        if not typed:
            return
        found = organisation_suggestions(typed)
        for error in self.errors:
            if error.organisation:
                error.suggestions = [o.name for o in found.get(error.organisation, [])]

    def add_outcome(self, outcome: RowOutcome) -> None:
        if len(self.outcomes) < KEPT_OUTCOMES:
            self.outcomes.append(outcome)


class _Rollback(Exception):
    pass


def _header_key(text: str) -> str:
    """A header as compared: no BOM, letter case, Polish letters, underscores or hyphens."""
    text = text.lstrip("\ufeff").strip().rstrip(":*").replace("_", " ").replace("-", " ")
    return fold(text)


def _known_headers() -> dict[str, str]:
    known = {}
    for column, aliases in HEADER_ALIASES.items():
        for alias in [column, *aliases]:
            known[_header_key(alias)] = column
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for column, label in COLUMN_LABELS.items():
                known[_header_key(str(label))] = column
    return known


def _header_map(row: int, header: list[str]) -> dict[str, int]:
    known = _known_headers()
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        column = known.get(_header_key(cell))
        if column and column not in found:
            found[column] = index
    missing = [column for column in COLUMNS if column not in found]
    if missing:
        raise ImportFileError(
            row,
            _("missing columns %(missing)s (expected %(expected)s)")
            % {
                "missing": ", ".join(str(COLUMN_LABELS[column]) for column in missing),
                "expected": ", ".join(str(COLUMN_LABELS[column]) for column in COLUMNS),
            },
        )
    return found


def template_workbook() -> bytes:
    """An empty attendance list to fill in: the header row in the interface language."""
    dataset = tablib.Dataset(
        headers=[str(COLUMN_LABELS[column]) for column in COLUMNS],
        title=_("Attendance list"),
    )
    return spreadsheets.xlsx_book([dataset])


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) for every non-empty data row, XLSX or CSV by content."""
    columns = None
    for number, values in tabular.rows(path):
        if not any(value.strip() for value in values):
            continue
        if columns is None:
            columns = _header_map(number, values)
            continue
        yield (
            number,
            {
                name: values[index].strip() if index < len(values) else ""
                for name, index in columns.items()
            },
        )
    if columns is None:
        raise ImportFileError(None, _("the file is empty"))


def row_problems(row: dict[str, str]) -> list[str]:
    """What is wrong with one row's values on their own (the registry is consulted later)."""
    problems = [
        _("%(column)s is empty") % {"column": COLUMN_LABELS[column]}
        for column in REQUIRED
        if not row[column]
    ]
    for column, limit in LIMITS.items():
        if len(row[column]) > limit:
            problems.append(
                _("%(column)s is longer than %(limit)s characters")
                % {"column": COLUMN_LABELS[column], "limit": limit}
            )
        if row[column].isprintable():
            continue  # no control, invisible or line-breaking character: the usual case
        try:
            validate_single_line(row[column])
        except ValidationError as error:
            problems.append(f"{COLUMN_LABELS[column]}: {' '.join(error.messages)}")
    email = compact_email(row["email"])
    if email and len(email) <= LIMITS["email"]:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("“%(value)s” is not an e-mail address") % {"value": row["email"]})
    return problems


def _organisation_index() -> dict[str, Organisation]:
    """Every organisation by its folded name and short name. Folding happens here, in Python:
    SQLite's LOWER() leaves Polish capitals (Ż, Ł…) as they are. The index grows with the
    registry, not with the file."""
    names: dict[str, Organisation | None] = {}
    short_names: dict[str, Organisation | None] = {}
    for organisation in Organisation.objects.only("pk", "name", "short_name").order_by("pk"):
        for index, text in ((names, organisation.name), (short_names, organisation.short_name)):
            if text:
                key = _folded(text)
                # A name several organisations share stands for none of them (None).
                index[key] = organisation if key not in index else None
    return {
        **short_names,
        **{k: v for k, v in names.items() if v is not None or k not in short_names},
    }


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


class _NewPerson:
    """A person the batch lacks, until the registry writes them with the others (and gives
    the key)."""

    __slots__ = ("email", "first_name", "last_name", "organisation", "pk")

    def __init__(self, first_name: str, last_name: str, email: str, organisation):
        self.first_name, self.last_name, self.email = first_name, last_name, email
        self.organisation = organisation
        self.pk = None


def _apply_batch(batch, session: Session, user, report: ImportReport, organisations) -> None:
    """Validate, match and write one batch; errors are collected, valid rows written (the whole
    import is rolled back later if any row of any batch failed)."""
    emails = {compact_email(r["email"]) for _n, r in batch if r["email"]}
    by_email = people_by_email(emails)
    by_name = _people_by_name(
        [
            {
                "first_name": row["first_name"],
                "last_name": row["last_name"],
                "organisation_id": getattr(
                    organisations.get(_folded(row["organisation"])), "pk", None
                ),
            }
            for _n, row in batch
            if not row["email"] and row["first_name"] and row["last_name"]
        ],
        session,
    )
    # A person is the key of one the registry has, or a _NewPerson it will write.
    seen_in_batch: dict[str, int | _NewPerson] = {}
    new_people: list[_NewPerson] = []
    to_attend: list[tuple[int, dict, str, int | _NewPerson, Organisation | None, str]] = []
    for number, row in batch:
        report.rows += 1
        problems = row_problems(row)
        email = compact_email(row["email"])
        typed_organisation = row["organisation"]
        organisation = (
            organisations.get(_folded(typed_organisation)) if typed_organisation else None
        )
        if typed_organisation and organisation is None:
            if _folded(typed_organisation) in organisations:
                problems.append(
                    _("organisation “%(value)s” names several in the registry; use its short name")
                    % {"value": typed_organisation}
                )
            else:
                problems.append(
                    _("organisation “%(value)s” is not in the registry")
                    % {"value": typed_organisation}
                )
        if problems:
            unknown = typed_organisation if typed_organisation and organisation is None else ""
            report.add_error(number, "; ".join(problems), organisation=unknown)
            continue
        first_name, last_name = row["first_name"], row["last_name"]
        organisation_id = organisation.pk if organisation is not None else None
        key = email or f"{first_name.casefold()}|{last_name.casefold()}|{organisation_id or ''}"
        person = seen_in_batch.get(key)
        if person is None:
            if email:
                person = by_email.get(email)
            else:
                found = by_name.get((first_name.casefold(), last_name.casefold(), organisation_id))
                person = found.pk if found is not None else None
            if person is None:
                # Written below in one bulk insert with the rest of the batch's new people.
                person = _NewPerson(first_name, last_name, email, organisation_id)
                new_people.append(person)
                report.persons_created += 1
            else:
                report.persons_matched += 1
            seen_in_batch[key] = person
        action = "create" if type(person) is _NewPerson else "match"
        to_attend.append((number, row, email, person, organisation, action))

    # The registry writes its people (and their affiliations) under its own rules.
    keys = people_bulk_add(
        people=[(person.first_name, person.last_name, person.email) for person in new_people],
        organisation_ids=[person.organisation for person in new_people],
    )
    for person, key in zip(new_people, keys, strict=True):
        person.pk = key
    # Only people the registry already had can have been recorded at the session before.
    present = set(
        Attendance.objects.filter(
            session=session,
            person_id__in={
                person for _n, _r, _e, person, _o, _a in to_attend if type(person) is int
            },
        ).values_list("person_id", flat=True)
    )
    new, handled = [], set()
    for number, row, email, person, organisation, action in to_attend:
        pk = person if type(person) is int else person.pk
        if pk in handled:
            action = "duplicate"
            report.duplicates_in_file += 1
        elif pk in present:
            action = "present"
            report.already_present += 1
        else:
            new.append((session.pk, pk, organisation.pk if organisation else None))
        handled.add(pk)
        if len(report.outcomes) < KEPT_OUTCOMES:
            report.add_outcome(
                RowOutcome(
                    row=number,
                    name=f"{row['first_name']} {row['last_name']}",
                    email=email,
                    organisation=organisation.name if organisation else "",
                    action=action,
                )
            )
    # Activities' services write the attendance (in multi-row statements).
    report.attendances_created += attendance_bulk_record(
        rows=new,
        method=AttendanceMethod.IMPORT,
        recorded_by_id=user.pk if user is not None else None,
    )


def _people_by_name(rows: list[dict], session: Session) -> dict[tuple, Person]:
    """Rows without an e-mail, matched in bulk: (first, last, organisation id) -> the one person
    of that name affiliated with that organisation (through the registry, a registration or an
    earlier attendance); with no organisation, the one person of that name registered for this
    event. Ambiguous names match nobody."""
    if not rows:
        return {}
    last_names = set().union(*(case_variants(row["last_name"]) for row in rows))
    wanted = {(row["first_name"].casefold(), row["last_name"].casefold()) for row in rows}
    candidates: dict[tuple[str, str], list[Person]] = {}
    for person in Person.objects.filter(last_name__in=last_names):
        key = (person.first_name.casefold(), person.last_name.casefold())
        if key in wanted:
            candidates.setdefault(key, []).append(person)
    ids = [person.pk for people in candidates.values() for person in people]
    links = set(
        Affiliation.objects.filter(person__in=ids).values_list("person_id", "organisation_id")
    )
    links |= set(
        Registration.objects.filter(person__in=ids, organisation__isnull=False).values_list(
            "person_id", "organisation_id"
        )
    )
    links |= set(
        Attendance.objects.filter(person__in=ids, organisation__isnull=False).values_list(
            "person_id", "organisation_id"
        )
    )
    registered = set(
        Registration.objects.filter(person__in=ids, event=session.event_id).values_list(
            "person_id", flat=True
        )
    )
    found = {}
    for row in rows:
        key = (row["first_name"].casefold(), row["last_name"].casefold())
        organisation_id = row["organisation_id"]
        matches = [
            person
            for person in candidates.get(key, [])
            if (organisation_id is not None and (person.pk, organisation_id) in links)
            or (organisation_id is None and person.pk in registered)
        ]
        if len(matches) == 1:
            found[(*key, organisation_id)] = matches[0]
    return found


def _run(path: Path, session: Session, user) -> ImportReport:
    report = ImportReport()
    organisations = _organisation_index()
    batch = []
    for number, row in read_rows(path):
        batch.append((number, row))
        if len(batch) >= BATCH:
            _apply_batch(batch, session, user, report, organisations)
            batch = []
    if batch:
        _apply_batch(batch, session, user, report, organisations)
    if report.rows == 0:
        raise ImportFileError(None, _("the file has a header but no rows"))
    report.suggest_organisations()
    return report


def attendance_import(path: Path, *, session: Session, user, commit: bool) -> ImportReport:
    """Import (commit=True) or preview (commit=False) an attendance list, all or nothing."""
    try:
        with transaction.atomic():
            report = _run(path, session, user)
            if not commit or not report.ok:
                raise _Rollback
    except _Rollback:
        pass
    return report


def file_to_path(upload, directory: Path) -> Path:
    """Keep an uploaded list on disk until it is confirmed (random name, the right suffix)."""
    head = upload.read(4)
    upload.seek(0)
    suffix = ".xlsx" if head == b"PK\x03\x04" else ".csv"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    return path


# The two steps of the staff page. The preview keeps the uploaded list on disk and remembers it
# in the person's session (`store`) under a random token that the confirm button sends back.
PENDING = "attendance_import"


class PreviewGone(Exception):
    """The previewed list (its session or its file) is no longer there to confirm."""


@dataclass
class ImportStep:
    report: ImportReport | None = None
    file_error: str | None = None

    @property
    def failed(self) -> bool:
        return bool(self.file_error) or (self.report is not None and not self.report.ok)


def _import_directory() -> Path:
    return Path(settings.PRIVATE_ROOT) / "attendance-imports"


def preview_token(store: MutableMapping) -> str:
    pending = store.get(PENDING)
    return pending["token"] if pending else ""


def preview_is_current(store: MutableMapping, *, event: Event, token: str) -> bool:
    """The preview on this page, not one of another event or opened later in another tab."""
    pending = store.get(PENDING)
    return bool(pending and pending.get("event") == event.pk and token == pending.get("token"))


def attendance_import_preview(
    store: MutableMapping, *, session: Session, upload, user
) -> ImportStep:
    """Run the import on an upload without writing; a clean list waits on disk for confirm."""
    pending = store.get(PENDING)
    if pending:  # a new preview replaces the one not confirmed
        (_import_directory() / pending["file"]).unlink(missing_ok=True)
        del store[PENDING]
    path = file_to_path(upload, _import_directory())
    step = ImportStep()
    try:
        step.report = attendance_import(path, session=session, user=user, commit=False)
    except ImportFileError as error:
        step.file_error = str(error)
    finally:
        # A list with personal data stays on disk only while it waits for confirmation.
        if step.report is None or not step.report.ok:
            path.unlink(missing_ok=True)
    if step.report is not None and step.report.ok:
        store[PENDING] = {
            "event": session.event_id,
            "session": session.number,
            "file": path.name,
            "token": uuid.uuid4().hex,
        }
    return step


def attendance_import_confirm(store: MutableMapping, *, event: Event, user) -> ImportStep:
    """Import the previewed list for good (all or nothing); once done, forget it.
    The caller checks `preview_is_current` first."""
    pending = store[PENDING]
    session = Session.objects.filter(event=event, number=pending["session"]).first()
    path = _import_directory() / pending["file"]
    if session is None or not path.is_file():
        raise PreviewGone
    step = ImportStep()
    try:
        step.report = attendance_import(path, session=session, user=user, commit=True)
    except ImportFileError as error:
        step.file_error = str(error)
    if step.report is not None and step.report.ok:
        path.unlink(missing_ok=True)
        del store[PENDING]
    return step
