from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerstwa.lib.bounds import (
    validate_day,
    validate_long_text,
    validate_past_day,
    validate_single_line,
    validate_web_url,
    validate_web_urls,
)
from partnerstwa.lib.fields import AmountField
from partnerstwa.lib.text import non_blank_lines


class ProgrammeQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)


class Programme(models.Model):
    """The programme the portal presents: its name, operator, funding and contact.

    Every layer names it (reports, certificates, the site's header), so it sits at the bottom
    beside the registry; its table keeps the name it had in the portal."""

    name = models.CharField(_("name"), max_length=500, validators=[validate_single_line])
    short_name = models.CharField(
        _("short name"), max_length=100, blank=True, validators=[validate_single_line]
    )
    operator = models.CharField(_("operator"), max_length=255, validators=[validate_single_line])
    partners = models.TextField(
        _("partners"), blank=True, validators=[validate_long_text], help_text=_("One per line.")
    )
    funding = models.CharField(
        _("funding"), max_length=500, blank=True, validators=[validate_single_line]
    )
    agreement_signed_on = models.DateField(
        _("agreement signed on"), null=True, blank=True, validators=[validate_past_day]
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True, validators=[validate_day])
    ends_on = models.DateField(_("ends on"), null=True, blank=True, validators=[validate_day])
    value_pln = AmountField(_("value (PLN)"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True, validators=[validate_long_text])
    website = models.URLField(_("website"), blank=True, validators=[validate_web_url])
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=30, blank=True, validators=[validate_single_line]
    )
    contact_address = models.TextField(
        _("contact address"), blank=True, validators=[validate_long_text]
    )
    sources = models.TextField(
        _("sources"),
        blank=True,
        validators=[validate_web_urls],
        help_text=_("One web address (http:// or https://) per line."),
    )
    is_current = models.BooleanField(_("shown on the portal"), default=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        db_table = "portal_programme"
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
