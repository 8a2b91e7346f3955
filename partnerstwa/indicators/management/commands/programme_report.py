import datetime
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstwa.indicators.computation import as_json, compute


class Command(BaseCommand):
    help = "Print the programme's indicators computed from its records as of a date."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--format", default="json", choices=["json"])
        parser.add_argument("--association", default=settings.PROGRAMME_ASSOCIATION)

    def handle(self, *args, as_of: str | None, association: str, **options):
        try:
            day = datetime.date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError:
            raise CommandError(
                _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": as_of}
            ) from None
        report = as_json(compute(day, association), day)
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
