from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from partnerstwa.indicators.package import PackageRejected
from partnerstwa.indicators.services import programme_import
from partnerstwa.lib.errors import FileRowError


class Command(BaseCommand):
    help = "Import a programme data package: a folder of CSV files or one XLSX workbook."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, *args, path: Path, dry_run: bool, **options):
        # A bad file is never a traceback: every fault of a file is named, nothing is written.
        try:
            if not path.exists():
                raise CommandError(_("No such file: %(path)s") % {"path": path})
            stats = programme_import(path, dry_run=dry_run)
        except PackageRejected as rejected:
            raise CommandError(
                _("The package was rejected, nothing was changed (%(count)s errors):")
                % {"count": len(rejected.errors)}
                + "\n"
                + "\n".join(str(error) for error in rejected.errors)
            ) from None
        except FileRowError as error:
            raise CommandError(
                _("%(file)s rejected, nothing was changed: %(error)s")
                % {"file": path.name, "error": error}
            ) from None
        except OSError as error:
            raise CommandError(
                _("%(file)s cannot be read: %(reason)s")
                % {"file": path.name, "reason": error.strerror or error}
            ) from None
        summary = ", ".join(f"{name} {count}" for name, count in sorted(stats.items())) or "-"
        prefix = _("Dry run, nothing written") if dry_run else _("Imported")
        self.stdout.write(f"{prefix}: {summary}")
