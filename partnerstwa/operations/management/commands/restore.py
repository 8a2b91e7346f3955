from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from partnerstwa.operations.backups import BackupRefused, restore_backup


class Command(BaseCommand):
    help = (
        "Bring back an archive written by `backup` into an empty installation (checksums and "
        "schema checked first). --force replaces the records and files of a non-empty one."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the .tar.gz archive")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace an installation that already holds records or files",
        )

    def handle(self, *args, path: Path, force: bool, **options) -> None:
        try:
            manifest = restore_backup(path, force=force, progress=self.stdout.write)
        except (BackupRefused, RuntimeError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _(
                "Restored the backup of %(date)s (version %(version)s): %(tables)d tables, "
                "%(rows)d rows, %(files)d files."
            )
            % {
                "date": manifest["created_at"],
                "version": manifest["app_version"],
                "tables": len(manifest["rows"]),
                "rows": sum(manifest["rows"].values()),
                "files": len(manifest["checksums"]) - 1,
            }
        )
