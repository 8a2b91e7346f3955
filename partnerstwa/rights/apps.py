from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "partnerstwa.rights"
    verbose_name = _("Data-subject rights")

    def ready(self) -> None:
        import sys

        from django.apps import apps
        from django.utils.module_loading import autodiscover_modules

        from partnerstwa.lib import suppression
        from partnerstwa.privacy import holders
        from partnerstwa.privacy.selectors import restricted

        # Every app's holder of personal data (<app>/personal.py) joins every request: most
        # register themselves; one that may not import privacy names its class HOLDER.
        autodiscover_modules("personal")
        for config in apps.get_app_configs():
            module = sys.modules.get(f"{config.name}.personal")
            if module is not None and hasattr(module, "HOLDER"):
                holders.register(module.HOLDER)
        # A restricted or objecting person is mailed by nothing in the system.
        suppression.register(restricted)
