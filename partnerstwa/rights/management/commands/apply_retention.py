from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from partnerstwa.rights.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Apply the retention rules of settings.PRIVACY_RETENTION_DAYS to every app and to task "
        "results, sessions and send records (run daily; safe to run again)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would go; change nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        results = apply_retention(dry_run=dry_run)
        for result in results:
            self.stdout.write(f"{result.category}: {result.count}")
        total = sum(result.count for result in results)
        if dry_run:
            summary = ngettext(
                "Dry run: %(count)s record would be removed or anonymised.",
                "Dry run: %(count)s records would be removed or anonymised.",
                total,
            )
        else:
            summary = ngettext(
                "Retention applied: %(count)s record removed or anonymised.",
                "Retention applied: %(count)s records removed or anonymised.",
                total,
            )
        self.stdout.write(summary % {"count": total})
