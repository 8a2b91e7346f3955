from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstwa.advocacy import selectors, tasks


class Command(BaseCommand):
    help = (
        "E-mail the staff who handle recommendations a list of the replies due today or overdue "
        "(run daily, on working days; running it twice a day sends one list per run)."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        count = selectors.replies_due_by(today).count()
        if count:
            tasks.send_reply_reminders.enqueue(today.isoformat())
        self.stdout.write(_("Replies due or overdue: %(count)s.") % {"count": count})
