from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "partnerstwa.library"
    label = "library"
    verbose_name = _("Document library")

    def ready(self) -> None:
        from partnerstwa.library import signals  # noqa: F401
