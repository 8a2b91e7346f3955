"""Data-subject requests (Art. 15-22 GDPR) and the log of every step taken on them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerstwa.lib.bounds import validate_long_text, validate_single_line


class RequestKind(models.TextChoices):
    ACCESS = "access", _("access to my data")
    RECTIFICATION = "rectification", _("correction of my data")
    ERASURE = "erasure", _("erasure of my data")
    RESTRICTION = "restriction", _("restriction of processing")
    OBJECTION = "objection", _("objection to processing")
    PORTABILITY = "portability", _("my data in a portable file")
    WITHDRAWAL = "withdrawal", _("withdrawal of consent")


class RequestState(models.TextChoices):
    UNVERIFIED = "unverified", _("address not yet confirmed")
    OPEN = "open", _("open")
    DONE = "done", _("carried out")
    REFUSED = "refused", _("refused")


class DataSubjectRequest(models.Model):
    email = models.EmailField(_("e-mail"), validators=[validate_single_line])
    kind = models.CharField(_("request"), max_length=16, choices=RequestKind.choices)
    details = models.TextField(
        _("details"), blank=True, validators=[validate_long_text], max_length=5000
    )
    language = models.CharField(_("language"), max_length=8, default="pl")
    state = models.CharField(
        _("state"), max_length=12, choices=RequestState.choices, default=RequestState.UNVERIFIED
    )
    created_at = models.DateTimeField(_("sent at"))
    verified_at = models.DateTimeField(_("address confirmed at"), null=True, blank=True)
    # Art. 12(3): one month from receipt, once extendable by two months with a stated reason.
    due_on = models.DateField(_("answer due by"), null=True, blank=True)
    extension_reason = models.TextField(
        _("reason for the extension"), blank=True, validators=[validate_long_text]
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome = models.TextField(_("answer"), blank=True, validators=[validate_long_text])

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def extended(self) -> bool:
        return bool(self.extension_reason)


class StepAction(models.TextChoices):
    RECEIVED = "received", _("request received")
    VERIFIED = "verified", _("address confirmed")
    ANSWERED = "answered", _("data made available")
    DOWNLOADED = "downloaded", _("data downloaded")
    EXTENDED = "extended", _("deadline extended")
    RECTIFIED = "rectified", _("data corrected")
    ERASED = "erased", _("data erased")
    RESTRICTED = "restricted", _("processing restricted")
    LIFTED = "lifted", _("restriction lifted")
    WITHDRAWN = "withdrawn", _("consent withdrawn")
    DONE = "done", _("request carried out")
    REFUSED = "refused", _("request refused")


class RequestStep(models.Model):
    """Who did what to a request and when (Art. 5(2) GDPR: the controller shows compliance)."""

    request = models.ForeignKey(DataSubjectRequest, on_delete=models.CASCADE, related_name="steps")
    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("what"), max_length=12, choices=StepAction.choices)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("request step")
        verbose_name_plural = _("request steps")

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"
