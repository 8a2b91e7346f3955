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


class SentMail(models.Model):
    """One e-mail a task sends, by the task's id (lib.mail.send_once): a task run again after
    its worker died sends it only if it was not sent."""

    key = models.CharField(_("task"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")

    def __str__(self) -> str:
        return self.key


class StoredFigures(models.Model):
    """Figures computed once after the records they are computed from last changed: what
    (`name`: which figures, for which day and parameters), from which data (`fingerprint`:
    lib.freshness versions of the apps read), the result as JSON and when it was computed.
    Written only by lib.figures."""

    name = models.CharField(_("figures"), max_length=120)
    fingerprint = models.CharField(_("data version"), max_length=200)
    data = models.JSONField(_("result"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("stored figures")
        verbose_name_plural = _("stored figures")
        constraints = [
            # Concurrent first requests store the same figures once; the others' inserts are
            # ignored, never an error.
            models.UniqueConstraint(
                fields=["name", "fingerprint"], name="lib_stored_figures_unique"
            )
        ]
        # The oldest beyond lib.figures.KEEP are found by when they were computed.
        indexes = [models.Index(fields=["computed_at"], name="lib_stored_figures_computed")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.fingerprint}"
