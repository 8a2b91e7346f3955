from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "partnerstwa.newsletter"
    verbose_name = _("Newsletter")

    def ready(self) -> None:
        from partnerstwa.lib import suppression
        from partnerstwa.newsletter.selectors import suppressed

        # Every send in the system (lib.mail.send_once) leaves out the addresses suppressed here.
        suppression.register(suppressed)
