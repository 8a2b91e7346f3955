from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from partnerstwa.activities.demo import illustrative_events_load
from partnerstwa.advocacy.demo import advocacy_demo_load
from partnerstwa.content.demo import content_demo_load
from partnerstwa.contests.demo import contest_load_reference, illustrative_edition_load
from partnerstwa.indicators.demo import story_load
from partnerstwa.library.demo import library_demo_load
from partnerstwa.newsletter.demo import newsletter_demo_load
from partnerstwa.partnerships.demo import illustrative_partnership_load, partnerships_load_reference
from partnerstwa.programme.services import programme_load_reference

DATA = Path(settings.BASE_DIR) / "partnerstwa" / "data" / "programme"


def _yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CommandError(_("No such file: %(path)s") % {"path": path}) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise CommandError(
            _("%(path)s cannot be read as YAML: %(reason)s") % {"path": path, "reason": error}
        ) from None


class Command(BaseCommand):
    help = "Load the demo programme from public facts about the reference programme (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--reference", type=Path, default=DATA / "reference.yaml")
        parser.add_argument("--hints", type=Path, default=DATA / "teryt_hints.yaml")
        parser.add_argument("--english", type=Path, default=DATA / "reference_en.yaml")

    def handle(self, *args, reference: Path, hints: Path, english: Path, **options):
        # The files are read before anything is written, and the demo loads as a whole.
        data, place_hints, renderings = _yaml(reference), _yaml(hints), _yaml(english)
        # The demo's texts are Polish: a plain `name=` must land in the Polish column whatever
        # language the caller has active (django-modeltranslation writes the active one).
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            self._load(data, place_hints, renderings)

    def _load(self, data, place_hints, renderings) -> None:
        self._load_records(data, place_hints, renderings)
        # The editors' pages first: they make sure the site's tree and collections exist.
        news = content_demo_load(data)
        self.stdout.write(
            _("Editors' pages: home, identity, accessibility statement; news added: %(count)s")
            % {"count": news}
        )
        documents = library_demo_load(data)
        self.stdout.write(_("Library documents added: %(count)s") % {"count": documents})
        # After the library: a recommendation may cite a position paper held there.
        barriers = advocacy_demo_load(data)
        self.stdout.write(_("Illustrative legal barriers added: %(count)s") % {"count": barriers})
        subscribers = newsletter_demo_load()
        self.stdout.write(
            _("Illustrative newsletter subscribers added: %(count)s") % {"count": subscribers}
        )

    def _load_records(self, data, place_hints, renderings) -> None:
        programme, created = programme_load_reference(data, renderings.get("programme"))
        state = _("created") if created else _("up to date")
        self.stdout.write(
            _("Demo programme “%(name)s”: %(state)s") % {"name": programme, "state": state}
        )

        report = partnerships_load_reference(data, place_hints, renderings)
        illustrative = illustrative_partnership_load()
        for name in report.unresolved:
            self.stdout.write(_("Not identified in TERYT, left empty: %(name)s") % {"name": name})
        self.stdout.write(
            _(
                "Demo partnerships: %(count)s from public sources "
                "(%(members)s members added), %(extra)s illustrative added"
            )
            % {
                "count": report.partnerships,
                "members": report.members_added,
                "extra": 1 if illustrative else 0,
            }
        )
        events = illustrative_events_load()
        self.stdout.write(_("Illustrative events added: %(count)s") % {"count": events})
        editions = contest_load_reference(data, renderings)
        illustrative_edition = illustrative_edition_load()
        self.stdout.write(
            _(
                "Contest editions from public sources: %(count)s; "
                "illustrative edition added: %(added)s"
            )
            % {"count": editions, "added": _("yes") if illustrative_edition else _("no")}
        )
        story = story_load()
        if story == "added":
            self.stdout.write(
                _(
                    "Illustrative records added so that the report as of 31 October 2016 "
                    "tells the programme's story."
                )
            )
        elif story == "no_register":
            self.stdout.write(
                _(
                    "The programme's story was not added: it needs the TERYT register "
                    "(run import_teryt first)."
                )
            )
