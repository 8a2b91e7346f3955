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


class IndicatorTarget(models.Model):
    """What the programme promised its funder for an indicator, and where it started from."""

    code = models.CharField(_("indicator"), max_length=40, unique=True)
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=3, default=0)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=3)
    target_date = models.DateField(_("to be reached by"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="target_differs_from_baseline",
                condition=~models.Q(target=models.F("baseline")),
            )
        ]

    def __str__(self) -> str:
        return self.code

    def progress(self, value) -> float | None:
        """How far from the baseline to the target the value has come (1.0 = reached)."""
        span = self.target - self.baseline
        if not span:
            return None
        return float((value - self.baseline) / span)
