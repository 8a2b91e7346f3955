from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from partnerstwa.newsletter.services import campaigns_resume, campaigns_start_due


class Command(BaseCommand):
    help = (
        "Start the newsletter campaigns scheduled for now or earlier and resume campaigns whose "
        "sending stalled (run every minute; safe to run again: a campaign starts once and a "
        "delivery is sent once)."
    )

    def handle(self, *args, **options):
        started = campaigns_start_due()
        resumed = campaigns_resume()
        self.stdout.write(
            _("Campaigns started: %(started)s; resumed: %(resumed)s.")
            % {"started": len(started), "resumed": len(resumed)}
        )
