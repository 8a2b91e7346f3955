from django.db import models
from django.utils.translation import gettext_lazy as _


class PackageKey(models.Model):
    """Which record a key of the programme data package stands for, so that importing the
    same package again updates what it created instead of adding copies."""

    kind = models.CharField(_("kind"), max_length=30)
    key = models.CharField(_("key"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("record"))

    class Meta:
        verbose_name = _("package key")
        verbose_name_plural = _("package keys")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="package_key_unique")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"
