from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _partnership_events(partnership) -> dict:
    from django.urls import reverse

    from partnerstwa.activities.selectors import events_attended_by_partnership

    attended, total = events_attended_by_partnership(partnership)
    return {
        "attended": attended,
        "total": total,
        "all_url": reverse("activities:partnership_events", args=[partnership.slug]),
    }


class ActivitiesConfig(AppConfig):
    name = "partnerstwa.activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from partnerstwa.partnerships.sections import partnership_section_register

        # A partnership's page lists the events its people attended; partnerships cannot ask.
        partnership_section_register("activities/_partnership_events.html", _partnership_events)
