"""What the privacy app keeps itself: the addresses whose data may be stored but not used."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from partnerstwa.lib.bounds import validate_single_line


class RestrictionKind(models.TextChoices):
    RESTRICTION = "restriction", _("restriction of processing (Art. 18 GDPR)")
    OBJECTION = "objection", _("objection to processing (Art. 21 GDPR)")


class Restriction(models.Model):
    """A person's data is kept but not used while this is in force: no e-mail goes to the
    address (lib.suppression) and no new export lists the person (privacy.selectors)."""

    email = models.EmailField(_("e-mail"), validators=[validate_single_line])
    kind = models.CharField(_("kind"), max_length=12, choices=RestrictionKind.choices)
    started_at = models.DateTimeField(_("since"))
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("restriction of processing")
        verbose_name_plural = _("restrictions of processing")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "kind",
                condition=Q(lifted_at__isnull=True),
                name="privacy_one_restriction_in_force",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.started_at:%Y-%m-%d}"
