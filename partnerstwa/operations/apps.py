from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "partnerstwa.operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from wagtail.signals import page_published

        from partnerstwa.operations import audit, logs

        # The trail is declared here, once, for every programme app (they know nothing of it).
        audit.register_tracked_models()
        audit.mark_commands()
        audit.mark_tasks()
        audit.show_trail_in_admin()
        page_published.connect(audit.record_page_publish, dispatch_uid="operations-page-publish")
        logs.connect()
