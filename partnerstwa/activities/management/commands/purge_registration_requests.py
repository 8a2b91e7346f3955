from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from partnerstwa.activities.services import registration_requests_purge


class Command(BaseCommand):
    help = (
        "Delete registration requests whose confirmation link has expired and mail-throttle "
        "marks older than the interval (run daily; safe to run again)."
    )

    def handle(self, *args, **options):
        purged = registration_requests_purge()
        self.stdout.write(
            _(
                "Expired registration requests deleted: %(requests)s; old mail-limit marks "
                "deleted: %(marks)s."
            )
            % {"requests": purged.requests, "marks": purged.marks}
        )
