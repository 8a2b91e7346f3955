from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _partnership_news(partnership) -> dict:
    from partnerstwa.content.selectors import news_about_partnership

    return {"related_news": news_about_partnership(partnership)}


def _event_news(event) -> dict:
    from partnerstwa.content.selectors import news_about_event

    return {"related_news": news_about_event(event)}


class ContentConfig(AppConfig):
    name = "partnerstwa.content"
    label = "content"
    verbose_name = _("Content")

    def ready(self) -> None:
        from partnerstwa.activities.sections import event_section_register
        from partnerstwa.partnerships.sections import partnership_section_register

        # Partnership and event pages list the news about them; those apps cannot ask.
        partnership_section_register("content/_related_news.html", _partnership_news)
        event_section_register("content/_related_news.html", _event_news)
