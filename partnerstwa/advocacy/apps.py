from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _partnership_barriers(partnership) -> dict:
    from partnerstwa.advocacy.selectors import barriers_reported_by

    return {"barriers": barriers_reported_by(partnership=partnership)}


class AdvocacyConfig(AppConfig):
    name = "partnerstwa.advocacy"
    verbose_name = _("Advocacy")

    def ready(self) -> None:
        from partnerstwa.partnerships.sections import partnership_section_register

        # A partnership's page lists the barriers it reported; partnerships cannot ask.
        partnership_section_register("advocacy/_partnership_barriers.html", _partnership_barriers)
