from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerstwa.rights.services import erase, kept


class Command(BaseCommand):
    help = (
        "Erase the person who uses EMAIL from every app (records are anonymised, rows stay "
        "counted), from finished task results, sessions and the audit trail; print what changed "
        "and what a legal duty keeps."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        try:
            validate_email(email.strip())
        except ValidationError:
            raise CommandError(_("Not an e-mail address: %(email)s") % {"email": email}) from None
        result = erase(email)
        for line in result.lines():
            self.stdout.write(line)
        self.stdout.write(_("Kept by a legal duty:"))
        for item in kept():
            self.stdout.write(f"- {item.what}: {item.why}; {item.until}")
        count = sum(result.records.values())
        self.stdout.write(
            ngettext(
                "Erased: %(count)s record changed.", "Erased: %(count)s records changed.", count
            )
            % {"count": count}
        )
