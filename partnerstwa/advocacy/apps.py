from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _partnership_barriers(partnership) -> dict:
    from partnerstwa.advocacy.selectors import barriers_reported_by

    return {"barriers": barriers_reported_by(partnership=partnership)}


def _organisation_barriers(organisation) -> dict:
    from partnerstwa.advocacy.selectors import barriers_reported_by

    return {"barriers": barriers_reported_by(organisation=organisation)}


class AdvocacyConfig(AppConfig):
    name = "partnerstwa.advocacy"
    verbose_name = _("Advocacy")

    def ready(self) -> None:
        from partnerstwa.partnerships.sections import partnership_section_register
        from partnerstwa.registry.sections import organisation_section_register

        # A partnership's page lists the barriers it reported; partnerships cannot ask.
        partnership_section_register("advocacy/_reported_barriers.html", _partnership_barriers)
        # So does a local government's page (the registry cannot ask either).
        organisation_section_register("advocacy/_reported_barriers.html", _organisation_barriers)
