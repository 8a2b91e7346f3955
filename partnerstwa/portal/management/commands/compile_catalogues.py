from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


def catalogues() -> list[Path]:
    return sorted(
        Path(p) for root in settings.LOCALE_PATHS for p in Path(root).glob("*/LC_MESSAGES/*.po")
    )


class Command(BaseCommand):
    help = "Compile the .po catalogues into .mo files with polib (no GNU gettext needed)."

    def handle(self, *args, **options):
        try:
            import polib
        except ImportError:
            raise CommandError(_("polib is missing: pip install -e '.[dev]'")) from None
        for path in catalogues():
            catalogue = polib.pofile(str(path))
            untranslated = catalogue.untranslated_entries() + catalogue.fuzzy_entries()
            if untranslated:
                raise CommandError(
                    _("%(path)s has %(count)s untranslated or fuzzy entries, first: %(msgid)s")
                    % {"path": path, "count": len(untranslated), "msgid": untranslated[0].msgid}
                )
            catalogue.save_as_mofile(str(path.with_suffix(".mo")))
            self.stdout.write(
                _("%(path)s: %(count)s entries") % {"path": path, "count": len(catalogue)}
            )
