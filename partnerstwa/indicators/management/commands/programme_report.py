import datetime
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstwa.indicators.computation import as_json, compute
from partnerstwa.indicators.reports import donor_report_pdf, donor_report_xlsx
from partnerstwa.registry.models import Association


def _date(value: str | None, default: datetime.date | None) -> datetime.date | None:
    if not value:
        return default
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = (
        "The programme's indicators computed from its records: JSON on standard output, or the "
        "donor report (XLSX or PDF) for a date or a period."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--from", dest="start", help="start of the period, YYYY-MM-DD")
        parser.add_argument("--format", default="json", choices=["json", "xlsx", "pdf"])
        parser.add_argument("--output", type=Path, help="file for the XLSX or PDF report")
        parser.add_argument("--association", default=settings.PROGRAMME_ASSOCIATION)

    def handle(self, *args, as_of, start, format, output, association, **options):
        day = _date(as_of, timezone.localdate())
        start_day = _date(start, None)
        if start_day and start_day > day:
            raise CommandError(_("The period must start before it ends."))
        if not Association.objects.filter(code=association).exists():
            raise CommandError(_("No association has the code %(code)s.") % {"code": association})
        if format == "json":
            self.stdout.write(
                json.dumps(as_json(compute(day, association), day), ensure_ascii=False, indent=2)
            )
            return
        if output is None:
            raise CommandError(_("Give --output FILE for an XLSX or PDF report."))
        build = donor_report_xlsx if format == "xlsx" else donor_report_pdf
        report = build(day, association, start_day)
        try:
            output.write_bytes(report)
        except OSError as error:
            raise CommandError(
                _("Cannot write %(path)s: %(reason)s") % {"path": output, "reason": error.strerror}
            ) from None
        self.stdout.write(_("Report written to %(path)s") % {"path": output})
