from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from partnerstwa.operations.backups import BackupRefused, create_backup


class Command(BaseCommand):
    help = (
        "One consistent archive of the database, uploaded and private files, with a manifest "
        "(version, schema, date, rows per table, checksums). PATH: a folder (a dated name is "
        "made in it) or a file; BACKUP_DIR by default."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="folder or .tar.gz file")

    def handle(self, *args, path: Path | None, **options) -> None:
        destination = path or Path(settings.BACKUP_DIR)
        if path is None:
            destination.mkdir(parents=True, exist_ok=True)
        try:
            backup = create_backup(destination, progress=self.stdout.write)
        except (BackupRefused, RuntimeError, OSError) as error:
            raise CommandError(str(error)) from None
        manifest = backup.manifest
        self.stdout.write(
            _(
                "Backup written: %(path)s (%(size)s; %(tables)d tables, %(rows)d rows, "
                "%(files)d files)."
            )
            % {
                "path": backup.path,
                "size": filesizeformat(backup.path.stat().st_size),
                "tables": len(manifest["rows"]),
                "rows": sum(manifest["rows"].values()),
                "files": len(manifest["checksums"]) - 1,
            }
        )
