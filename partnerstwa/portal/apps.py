from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "partnerstwa.portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.contrib import admin

        from partnerstwa.portal.auth import rate_limited_login

        # The back office's own sign-in form is a public POST form too: the same limits, and the
        # same backend (settings.AUTHENTICATION_BACKENDS) finds the account by its normal form.
        admin.site.login = rate_limited_login(admin.site.login)

        # django-tasks' database backend names its app in English, outside gettext: the back
        # office shows it in the interface language (issue 11).
        if apps.is_installed("django_tasks_db"):
            apps.get_app_config("django_tasks_database").verbose_name = _("Background tasks")
