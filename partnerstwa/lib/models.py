"""Infrastructure records with no domain knowledge."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """How many times an app's records have changed (lib.freshness): caches key on it."""

    scope = models.CharField(_("app"), max_length=40, primary_key=True)
    version = models.PositiveBigIntegerField(_("version"), default=0)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.scope} {self.version}"
