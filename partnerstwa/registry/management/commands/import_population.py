from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from partnerstwa.registry.population import PopulationFormatError
from partnerstwa.registry.services import population_import


class Command(BaseCommand):
    help = "Import GUS population by economic age group (BDL export, CSV) for territorial units."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        try:
            result = population_import(file)
        except PopulationFormatError as error:
            raise CommandError(
                _("%(file)s rejected, nothing was changed: %(error)s")
                % {"file": file.name, "error": error}
            ) from None
        self.stdout.write(
            _("Population: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        )
