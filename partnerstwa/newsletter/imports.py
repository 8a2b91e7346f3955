"""Staff import of subscribers from a CSV or XLSX list (lib.tabular reads it), all or nothing.

Every row states the consent basis: where and how the person agreed to receive the newsletter.
Any error in any row (a bad address, an unknown topic or language, a missing basis, a repeated
address) refuses the whole file and names the row and column; nothing is written. Addresses on
the suppression list, already subscribed, or unsubscribed earlier (a withdrawal stands) are not
imported and are named in the report.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstwa.lib import bounds, freshness, tabular
from partnerstwa.lib.dates import local_datetime
from partnerstwa.lib.errors import FileRowError
from partnerstwa.newsletter import selectors
from partnerstwa.newsletter.models import (
    ConsentMethod,
    ConsentRecord,
    Subscriber,
    SubscriberStatus,
    Topic,
)

# Accepted headers (lower case, Polish or English) and the column each names.
HEADERS = {
    "email": "email",
    "e-mail": "email",
    "adres e-mail": "email",
    "language": "language",
    "język": "language",
    "jezyk": "language",
    "topics": "topics",
    "tematy": "topics",
    "consent_basis": "basis",
    "consent basis": "basis",
    "podstawa zgody": "basis",
    "podstawa_zgody": "basis",
    "consent_date": "day",
    "consent date": "day",
    "data zgody": "day",
    "data_zgody": "day",
}
REQUIRED = ("email", "basis")
MAX_ROWS = 50_000


@dataclass
class ImportReport:
    errors: list[str] = field(default_factory=list)
    imported: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    number: int
    email: str
    language: str
    topics: list[Topic]
    basis: str
    day: datetime.date | None


def _topics_by_name() -> dict[str, Topic]:
    found = {}
    for topic in Topic.objects.all():
        for name in (topic.slug, topic.name_pl, topic.name_en):
            if name:
                found[name.strip().lower()] = topic
    return found


def _parse(source, file: str, report: ImportReport) -> list[_Row]:
    topics = _topics_by_name()
    columns: dict[str, int] = {}
    parsed: list[_Row] = []
    seen: dict[str, int] = {}
    for number, cells in tabular.rows(source, file=file):
        if not columns:
            columns = {
                HEADERS[cell.strip().lower()]: index
                for index, cell in enumerate(cells)
                if cell.strip().lower() in HEADERS
            }
            missing = [name for name in REQUIRED if name not in columns]
            if missing:
                raise FileRowError(
                    number,
                    _("the header row needs the columns “email” and “consent_basis”"),
                    file=file,
                )
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(parsed) >= MAX_ROWS:
            raise FileRowError(
                number, _("at most %(count)s rows at a time") % {"count": MAX_ROWS}, file=file
            )

        def cell(name: str, cells=cells, columns=columns) -> str:
            index = columns.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        def problem(column: str, message: str, value: str, number=number) -> None:
            report.errors.append(
                str(FileRowError(number, message, file=file, column=column, value=value))
            )

        email, basis = cell("email"), cell("basis")
        try:
            validate_email(email)
            bounds.validate_single_line(email)
        except ValidationError:
            problem("email", _("not an e-mail address"), email)
            continue
        key = email.lower()
        if key in seen:
            problem("email", _("repeats row %(row)s") % {"row": seen[key]}, email)
            continue
        seen[key] = number
        if not basis:
            problem("consent_basis", _("state where and how the person consented"), basis)
        else:
            try:
                bounds.validate_single_line(basis)
            except ValidationError:
                problem("consent_basis", _("one line of text"), basis)
        language = (cell("language") or "pl").lower()
        if language not in ("pl", "en"):
            problem("language", _("“pl” or “en”"), language)
        chosen = []
        for name in filter(
            None, (part.strip() for part in cell("topics").replace(",", ";").split(";"))
        ):
            if name.lower() in topics:
                chosen.append(topics[name.lower()])
            else:
                problem("topics", _("unknown topic"), name)
        day = None
        if cell("day"):
            try:
                day = datetime.date.fromisoformat(cell("day"))
                bounds.validate_past_day(day)
            except (ValueError, ValidationError):
                problem("consent_date", _("a past date as YYYY-MM-DD"), cell("day"))
        parsed.append(_Row(number, email, language, chosen, basis[:500], day))
    if not columns:
        raise FileRowError(None, _("the file is empty"), file=file)
    return parsed


def subscribers_import(source, *, file: str = "") -> ImportReport:
    """Read the whole list, then write it in one transaction only if no row has an error."""
    report = ImportReport()
    try:
        rows = _parse(source, file, report)
    except FileRowError as error:
        report.errors.append(str(error))
        return report
    if report.errors:
        return report
    consent_text = selectors.current_consent_text()
    default_topics = list(selectors.offered_topics())
    now = timezone.now()
    with transaction.atomic(), freshness.quiet():
        refused = selectors.suppressed(row.email for row in rows)
        keys = [row.email.lower() for row in rows]
        known = {}
        for start in range(0, len(keys), 500):  # SQLite's limit on parameters
            for subscriber in Subscriber.objects.annotate(key=Lower("email")).filter(
                key__in=keys[start : start + 500]
            ):
                known[subscriber.key] = subscriber
        for row in rows:
            existing = known.get(row.email.lower())
            if row.email in refused:
                report.skipped.append(
                    _("row %(row)s: %(email)s is on the suppression list")
                    % {"row": row.number, "email": row.email}
                )
                continue
            if existing is not None and existing.status == SubscriberStatus.UNSUBSCRIBED:
                report.skipped.append(
                    _("row %(row)s: %(email)s unsubscribed earlier")
                    % {"row": row.number, "email": row.email}
                )
                continue
            if existing is not None and existing.status == SubscriberStatus.CONFIRMED:
                report.skipped.append(
                    _("row %(row)s: %(email)s is already subscribed")
                    % {"row": row.number, "email": row.email}
                )
                continue
            given = local_datetime(row.day, datetime.time(12)) if row.day else now
            subscriber = existing or Subscriber(email=row.email)
            subscriber.language = row.language
            subscriber.status = SubscriberStatus.CONFIRMED
            subscriber.confirmed_at = now
            subscriber.save()
            subscriber.topics.set(row.topics or default_topics)
            ConsentRecord.objects.create(
                subscriber=subscriber,
                text=consent_text,
                method=ConsentMethod.IMPORT,
                basis=row.basis,
                given_at=given,
                confirmed_at=now,
            )
            report.imported += 1
    return report
