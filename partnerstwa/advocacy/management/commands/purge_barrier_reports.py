from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from partnerstwa.advocacy.services import reports_purge


class Command(BaseCommand):
    help = (
        "Delete barrier reports whose sender never confirmed the address within the link's "
        "lifetime (run daily; safe to run again; each form post does it too)."
    )

    def handle(self, *args, **options):
        self.stdout.write(
            _("Unconfirmed barrier reports deleted: %(count)s.") % {"count": reports_purge()}
        )
