"""Legal barriers local governments meet when they cooperate, the recommendations sent to
ministries about them, and the ministries' answers (issue 14)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partnerstwa.advocacy.validators import (
    FIRST_YEAR,
    POSITIONS_ONLY_FROM,
    Reference,
    validate_provision,
)
from partnerstwa.lib.bounds import (
    validate_day,
    validate_long_text,
    validate_past_day,
    validate_single_line,
)
from partnerstwa.lib.choices import ChoiceLabels
from partnerstwa.lib.fields import IllustrativeField
from partnerstwa.library.models import DocumentNotice, LibraryDocument
from partnerstwa.partnerships.models import Partnership
from partnerstwa.registry.models import Organisation


class AreaOfLaw(models.Model):
    """An editable list: local government law, public procurement, public finance…"""

    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("area of law")
        verbose_name_plural = _("areas of law")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Addressee(models.Model):
    """A ministry or other body recommendations go to: an editable list, seeded with today's
    ministries; a body that no longer exists is kept (old recommendations name it) but not
    current."""

    name = models.CharField(_("name"), max_length=255, validators=[validate_single_line])
    short_name = models.CharField(
        _("short name"), max_length=30, blank=True, validators=[validate_single_line]
    )
    is_current = models.BooleanField(
        _("exists today"), default=True, help_text=_("Offered for new recommendations.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("addressee")
        verbose_name_plural = _("addressees")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name


class BarrierStatus(models.TextChoices):
    REPORTED = "reported", pgettext_lazy("legal barrier", "reported")
    UNDER_ANALYSIS = "under_analysis", pgettext_lazy("legal barrier", "under analysis")
    RECOMMENDATION_DRAFTED = (
        "recommendation_drafted",
        pgettext_lazy("legal barrier", "recommendation drafted"),
    )
    SUBMITTED = "submitted", pgettext_lazy("legal barrier", "submitted")
    ANSWERED = "answered", pgettext_lazy("legal barrier", "answered")
    RESOLVED = "resolved", pgettext_lazy("legal barrier", "resolved")
    NOT_TAKEN_UP = "not_taken_up", pgettext_lazy("legal barrier", "not taken up")


# The path a barrier takes one step at a time; the last step ends in either outcome. Any other
# move (a skip, a step back, leaving an outcome) needs a reason, and the database holds to it.
NATURAL_STEPS = frozenset(
    {
        ("", BarrierStatus.REPORTED),
        (BarrierStatus.REPORTED, BarrierStatus.UNDER_ANALYSIS),
        (BarrierStatus.UNDER_ANALYSIS, BarrierStatus.RECOMMENDATION_DRAFTED),
        (BarrierStatus.RECOMMENDATION_DRAFTED, BarrierStatus.SUBMITTED),
        (BarrierStatus.SUBMITTED, BarrierStatus.ANSWERED),
        (BarrierStatus.ANSWERED, BarrierStatus.RESOLVED),
        (BarrierStatus.ANSWERED, BarrierStatus.NOT_TAKEN_UP),
    }
)
OUTCOMES = frozenset({BarrierStatus.RESOLVED, BarrierStatus.NOT_TAKEN_UP})


def _natural_step_or_reason() -> Q:
    condition = ~Q(reason="")
    for before, after in sorted(NATURAL_STEPS):
        condition |= Q(from_status=before, to_status=after)
    return condition


class LegalBarrierQuerySet(models.QuerySet):
    def published(self):
        """What the public sees: reviewed, published and not merged into another barrier."""
        return self.filter(is_published=True, merged_into__isnull=True)


class LegalBarrier(ChoiceLabels, models.Model):
    title = models.CharField(_("title"), max_length=255, validators=[validate_single_line])
    description = models.TextField(_("description"), validators=[validate_long_text])
    area = models.ForeignKey(
        AreaOfLaw, verbose_name=_("area of law"), on_delete=models.PROTECT, related_name="barriers"
    )
    status = models.CharField(
        _("status"), max_length=30, choices=BarrierStatus.choices, default=BarrierStatus.REPORTED
    )
    reported_on = models.DateField(_("reported on"), validators=[validate_past_day])
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown on the public pages.")
    )
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("reported by organisations"),
        blank=True,
        related_name="legal_barriers",
    )
    partnerships = models.ManyToManyField(
        Partnership,
        verbose_name=_("reported by partnerships"),
        blank=True,
        related_name="legal_barriers",
    )
    evidence = models.ManyToManyField(
        LibraryDocument, verbose_name=_("evidence"), blank=True, related_name="legal_barriers"
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    merged_at = models.DateTimeField(_("merged at"), null=True, blank=True, editable=False)
    is_illustrative = IllustrativeField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = LegalBarrierQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal barrier")
        verbose_name_plural = _("legal barriers")
        ordering = ["-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=BarrierStatus.values), name="advocacy_barrier_status"
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=F("pk")), name="advocacy_barrier_not_merged_into_itself"
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True, merged_at__isnull=True)
                | Q(merged_into__isnull=False, merged_at__isnull=False),
                name="advocacy_barrier_merged_at_with_target",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("advocacy:detail", args=[self.pk])


class LegalActReference(models.Model):
    """One act of Dziennik Ustaw (and optionally a provision in it) a barrier concerns."""

    barrier = models.ForeignKey(LegalBarrier, on_delete=models.CASCADE, related_name="references")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("Only before 2012.")
    )
    position = models.PositiveIntegerField(_("position"))
    provision = models.CharField(
        _("provision"),
        max_length=100,
        blank=True,
        validators=[validate_provision],
        help_text=_("For example “art. 10 ust. 1 pkt 2”."),
    )

    class Meta:
        verbose_name = _("legal act")
        verbose_name_plural = _("legal acts")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, position__gte=1),
                name="advocacy_reference_year_and_position",
            ),
            # From 2012 the journal has positions only; before, numbers and positions.
            models.CheckConstraint(
                condition=Q(year__gte=POSITIONS_ONLY_FROM, number__isnull=True)
                | Q(year__lt=POSITIONS_ONLY_FROM, number__gte=1),
                name="advocacy_reference_number_by_year",
            ),
            models.UniqueConstraint(
                fields=["barrier", "year", "number", "position", "provision"],
                name="advocacy_reference_once",
            ),
        ]

    def __str__(self) -> str:
        return str(self.reference)

    @property
    def reference(self) -> Reference:
        return Reference(self.year, self.number, self.position, self.provision)

    @property
    def isap_url(self) -> str:
        return self.reference.isap_url


class StatusChange(models.Model):
    """One dated, attributed step of a barrier's history."""

    barrier = models.ForeignKey(LegalBarrier, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(
        _("from"), max_length=30, blank=True, choices=BarrierStatus.choices
    )
    to_status = models.CharField(_("to"), max_length=30, choices=BarrierStatus.choices)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True, validators=[validate_long_text])

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_status__in=BarrierStatus.values)
                & (Q(from_status="") | Q(from_status__in=BarrierStatus.values))
                & ~Q(from_status=F("to_status")),
                name="advocacy_change_statuses",
            ),
            models.CheckConstraint(
                condition=_natural_step_or_reason(), name="advocacy_change_skip_needs_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.barrier}: {self.get_to_status_display()}"


class RecommendationQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(sent_on__isnull=False)

    def awaiting_reply(self):
        return self.sent().filter(replied_on__isnull=True)


class Recommendation(models.Model):
    title = models.CharField(_("title"), max_length=255, validators=[validate_single_line])
    proposed_change = models.TextField(_("proposed change"), validators=[validate_long_text])
    barriers = models.ManyToManyField(
        LegalBarrier, verbose_name=_("barriers answered"), related_name="recommendations"
    )
    addressee = models.ForeignKey(
        Addressee,
        verbose_name=_("addressee"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True, validators=[validate_past_day])
    reply_due = models.DateField(
        _("reply due"),
        null=True,
        blank=True,
        validators=[validate_day],
        help_text=_(
            "30 days after sending unless given; a Saturday, Sunday or public holiday moves it "
            "to the next working day."
        ),
    )
    reply_text = models.TextField(_("reply"), blank=True, validators=[validate_long_text])
    replied_on = models.DateField(
        _("replied on"), null=True, blank=True, validators=[validate_past_day]
    )
    position_paper = models.ForeignKey(
        LibraryDocument,
        verbose_name=_("position paper"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    position_notice = models.ForeignKey(
        DocumentNotice,
        verbose_name=_("position paper without a file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
        help_text=_("When the position paper is listed in the library by its title only."),
    )
    is_illustrative = IllustrativeField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_on__isnull=True, reply_due__isnull=True, replied_on__isnull=True)
                | Q(sent_on__isnull=False, reply_due__isnull=False, reply_due__gte=F("sent_on")),
                name="advocacy_recommendation_due_after_sending",
            ),
            models.CheckConstraint(
                condition=Q(replied_on__isnull=True) | Q(replied_on__gte=F("sent_on")),
                name="advocacy_recommendation_reply_after_sending",
            ),
            models.CheckConstraint(
                condition=Q(replied_on__isnull=False) | Q(reply_text=""),
                name="advocacy_recommendation_reply_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ReportState(models.TextChoices):
    UNCONFIRMED = "unconfirmed", pgettext_lazy("barrier report", "e-mail not confirmed")
    PENDING = "pending", pgettext_lazy("barrier report", "awaiting review")
    PUBLISHED = "published", pgettext_lazy("barrier report", "published")
    REJECTED = "rejected", pgettext_lazy("barrier report", "rejected")


class BarrierReport(models.Model):
    """What the public form takes: nothing of it is public until staff publish it as a barrier
    (or as part of one already known)."""

    title = models.CharField(_("title"), max_length=255, validators=[validate_single_line])
    description = models.TextField(_("description"), validators=[validate_long_text])
    area = models.ForeignKey(
        AreaOfLaw, verbose_name=_("area of law"), null=True, blank=True, on_delete=models.SET_NULL
    )
    legal_acts = models.TextField(_("legal acts"), blank=True, validators=[validate_long_text])
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    contact_name = models.CharField(
        _("contact person"), max_length=255, validators=[validate_single_line]
    )
    contact_email = models.EmailField(_("contact e-mail"), validators=[validate_single_line])
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="pl"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ReportState.choices, default=ReportState.UNCONFIRMED
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    # The consent as shown (its exact words in the language shown), when it was given and
    # withdrawn: the proof of Art. 7(1) GDPR. The words are copied, so a later change of the
    # form's wording never alters what this person agreed to.
    consent_text = models.TextField(_("consent shown"), blank=True, validators=[validate_long_text])
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.TextField(
        _("reason for rejection"), blank=True, validators=[validate_long_text]
    )
    barrier = models.ForeignKey(
        LegalBarrier,
        verbose_name=_("barrier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )

    class Meta:
        verbose_name = _("barrier report")
        verbose_name_plural = _("barrier reports")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ReportState.values), name="advocacy_report_state"
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, partnership__isnull=True)
                | Q(organisation__isnull=True, partnership__isnull=False),
                name="advocacy_report_one_reporter",
            ),
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(rejection_reason=""),
                name="advocacy_report_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(barrier__isnull=False),
                name="advocacy_report_published_as_barrier",
            ),
            models.CheckConstraint(
                condition=Q(state="unconfirmed") | Q(confirmed_at__isnull=False),
                name="advocacy_report_confirmed_before_review",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def reporter(self) -> Organisation | Partnership:
        return self.organisation or self.partnership
