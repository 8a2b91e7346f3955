from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from partnerstwa.portal.services import programme_load_reference

REFERENCE = Path(settings.BASE_DIR) / "partnerstwa" / "data" / "programme" / "reference.yaml"


class Command(BaseCommand):
    help = "Load the demo programme from public facts about the reference programme (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--reference", type=Path, default=REFERENCE)

    def handle(self, *args, reference: Path, **options):
        data = yaml.safe_load(reference.read_text(encoding="utf-8"))
        programme, created = programme_load_reference(data)
        state = _("created") if created else _("up to date")
        self.stdout.write(
            _("Demo programme “%(name)s”: %(state)s") % {"name": programme, "state": state}
        )
