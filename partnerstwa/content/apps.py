from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _partnership_news(partnership) -> dict:
    from partnerstwa.content.selectors import news_about_partnership

    return {"related_news": news_about_partnership(partnership)}


def _event_news(event) -> dict:
    from partnerstwa.content.selectors import news_about_event

    return {"related_news": news_about_event(event)}


def _site_tree_after_migrate(sender, using="default", **kwargs) -> None:
    """After `migrate` and after a database is emptied (`flush`, as transactional tests do),
    the site's page tree is there: without it `/` has no page. Idempotent; nothing when the
    content tables are not (yet) there."""
    from django.db import connections

    from partnerstwa.content.models import HomePage
    from partnerstwa.content.services import site_tree_ensure

    if HomePage._meta.db_table in connections[using].introspection.table_names():
        site_tree_ensure()


class ContentConfig(AppConfig):
    name = "partnerstwa.content"
    label = "content"
    verbose_name = _("Content")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_site_tree_after_migrate, sender=self)
        from partnerstwa.activities.sections import event_section_register
        from partnerstwa.partnerships.sections import partnership_section_register

        # Partnership and event pages list the news about them; those apps cannot ask.
        partnership_section_register("content/_related_news.html", _partnership_news)
        event_section_register("content/_related_news.html", _event_news)
