from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from partnerstwa.lib.errors import FileRowError
from partnerstwa.registry.services import population_import


class Command(BaseCommand):
    help = "Import GUS population by economic age group (BDL export, CSV) for territorial units."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--skip-absent-units",
            action="store_true",
            help="leave out rows of units the TERYT register does not know (e.g. units that "
            "ceased before the register's date) instead of refusing the file",
        )

    def handle(self, *args, file: Path, skip_absent_units: bool, **options):
        try:
            if not file.is_file():
                raise CommandError(_("No such file: %(path)s") % {"path": file})
            result = population_import(file, skip_absent_units=skip_absent_units)
        except FileRowError as error:
            raise CommandError(
                _("%(file)s rejected, nothing was changed: %(error)s")
                % {"file": file.name, "error": error}
            ) from None
        except OSError as error:
            raise CommandError(
                _("%(file)s cannot be read: %(reason)s")
                % {"file": file.name, "reason": error.strerror or error}
            ) from None
        summary = _(
            "Population: %(created)s created, %(updated)s updated, %(unchanged)s unchanged"
        ) % {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        if result.left_out:
            summary += "; " + _("rows of units absent from the register left out: %(count)s") % {
                "count": result.left_out
            }
        self.stdout.write(summary)
