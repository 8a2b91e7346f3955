from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerstwa.operations.backups import prune_backups


class Command(BaseCommand):
    help = (
        "Keep the newest BACKUP_KEEP archives `backup` wrote in a folder (BACKUP_DIR by default)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="the folder of archives")
        parser.add_argument("--keep", type=int, default=None, help="how many to keep")

    def handle(self, *args, path: Path | None, keep: int | None, **options) -> None:
        folder = path or Path(settings.BACKUP_DIR)
        kept = settings.BACKUP_KEEP if keep is None else keep
        removed = prune_backups(folder, kept)
        for archive in removed:
            self.stdout.write(_("Removed %(path)s") % {"path": archive})
        self.stdout.write(
            ngettext(
                "Removed %(count)d old backup; the newest %(keep)d are kept.",
                "Removed %(count)d old backups; the newest %(keep)d are kept.",
                len(removed),
            )
            % {"count": len(removed), "keep": kept}
        )
