import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from partnerstwa.lib.errors import FileRowError
from partnerstwa.lib.progress import progress
from partnerstwa.registry.services import TerytImportRefused, teryt_import


class Command(BaseCommand):
    help = "Import the TERC register of territorial units (GUS TERYT), CSV or XML."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="TERC file as GUS publishes it (CSV or XML)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="import a file that looks like part of a register or rewrites the loaded date",
        )

    def handle(self, *args, file: Path, force: bool, **options):
        try:
            if not file.is_file():
                raise CommandError(_("No such file: %(path)s") % {"path": file})
            result = teryt_import(
                file,
                progress=lambda items, **kw: progress(items, stream=sys.stderr, **kw),
                force=force,
            )
        except FileRowError as error:
            raise CommandError(
                _("%(file)s rejected, nothing was changed: %(error)s")
                % {"file": file.name, "error": error}
            ) from None
        except TerytImportRefused as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(
                _("%(file)s cannot be read: %(reason)s")
                % {"file": file.name, "reason": error.strerror or error}
            ) from None
        self.stdout.write(
            _(
                "TERYT %(date)s: %(created)s created, %(updated)s updated, "
                "%(retired)s retired, %(unchanged)s unchanged"
            )
            % {
                "date": result.state_on,
                "created": result.created,
                "updated": result.updated,
                "retired": result.retired,
                "unchanged": result.unchanged,
            }
        )
