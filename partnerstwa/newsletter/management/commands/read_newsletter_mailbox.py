from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from partnerstwa.newsletter import inbox


class Command(BaseCommand):
    help = (
        "Read the newsletter's mailbox: delivery status notifications (bounces), complaints "
        "and unsubscribe requests. Without a path, the IMAP mailbox of the settings "
        "(NEWSLETTER_MAILBOX_HOST and its user and password; nothing when unset); with a path, "
        "a Maildir folder or an mbox file. Safe to run again: a message is acted on once."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="a Maildir folder or an mbox file")

    def handle(self, *args, path: Path | None = None, **options):
        summary = inbox.Summary()
        try:
            if path is not None:
                inbox.read_local(path, summary)
            elif inbox.imap_configured():
                inbox.read_imap(summary)
            else:
                self.stdout.write(
                    _("No mailbox is configured (NEWSLETTER_MAILBOX_HOST): nothing to read.")
                )
                return
        except OSError as error:
            raise CommandError(
                _("The mailbox cannot be read: %(reason)s") % {"reason": error}
            ) from None
        for where, reason in summary.skipped:
            self.stdout.write(
                _("Skipped %(where)s: %(reason)s") % {"where": where, "reason": reason}
            )
        self.stdout.write(
            _("Messages read: %(read)s; acted on: %(acted)s; skipped: %(skipped)s.")
            % {"read": summary.read, "acted": summary.acted, "skipped": len(summary.skipped)}
        )
