from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerstwa.lib.text import non_blank_lines


class ProgrammeQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)


class Programme(models.Model):
    """The programme the portal presents: its name, operator, funding and contact."""

    name = models.CharField(_("name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    operator = models.CharField(_("operator"), max_length=255)
    partners = models.TextField(_("partners"), blank=True, help_text=_("One per line."))
    funding = models.CharField(_("funding"), max_length=500, blank=True)
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    value_pln = models.DecimalField(
        _("value (PLN)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_address = models.TextField(_("contact address"), blank=True)
    sources = models.TextField(_("sources"), blank=True, help_text=_("One address per line."))
    is_current = models.BooleanField(_("shown on the portal"), default=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="programme_one_current",
                violation_error_message=_("Only one programme can be shown on the portal."),
            ),
            models.CheckConstraint(
                name="programme_ends_after_start",
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                violation_error_message=_("The end date cannot precede the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def partner_list(self) -> list[str]:
        return non_blank_lines(self.partners)

    @property
    def source_list(self) -> list[str]:
        return non_blank_lines(self.sources)
