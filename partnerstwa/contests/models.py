from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partnerstwa.activities.models import Event
from partnerstwa.lib.bounds import (
    validate_long_text,
    validate_moment,
    validate_past_day,
    validate_single_line,
    validate_web_urls,
    validate_year,
)
from partnerstwa.lib.choices import ChoiceLabels
from partnerstwa.lib.fields import IllustrativeField
from partnerstwa.lib.text import non_blank_lines
from partnerstwa.lib.uploads import storage_path, validate_document
from partnerstwa.partnerships.models import Partnership
from partnerstwa.registry.choices import LOCAL_GOVERNMENT_LEVELS
from partnerstwa.registry.models import Organisation, Person


class EditionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("contest edition", "draft")
    OPEN = "open", pgettext_lazy("contest edition", "open for applications")
    CLOSED = "closed", pgettext_lazy("contest edition", "applications closed")
    SCORING = "scoring", pgettext_lazy("contest edition", "jury scoring")
    DECIDED = "decided", pgettext_lazy("contest edition", "decided")
    PUBLISHED = "published", pgettext_lazy("contest edition", "results published")


# An edition moves through these in order, one step at a time.
EDITION_FLOW = [status.value for status in EditionStatus]


def next_edition_status(status: str) -> str | None:
    """The one step an edition may take from `status`; None once published."""
    position = EDITION_FLOW.index(status)
    return EDITION_FLOW[position + 1] if position + 1 < len(EDITION_FLOW) else None


class TieBreak(models.TextChoices):
    TOP_CRITERION = (
        "top_criterion",
        _("higher mean points in the criterion of greatest weight, then the next"),
    )
    EARLIER = "earlier", _("the application submitted earlier")
    CHAIR = "chair", _("the chair decides; tied applications share a place")


def rules_path(instance, filename: str) -> str:
    return storage_path("contest-rules", filename)


def attachment_path(instance, filename: str) -> str:
    return storage_path("contest-attachments", filename)


class ContestEditionQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=EditionStatus.DRAFT)


class ContestEdition(models.Model):
    name = models.CharField(_("name"), max_length=255, validators=[validate_single_line])
    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    year = models.PositiveSmallIntegerField(_("year"), validators=[validate_year])
    rules = models.TextField(_("rules"), blank=True, validators=[validate_long_text])
    rules_document = models.FileField(
        _("rules (document)"),
        upload_to=rules_path,
        validators=[validate_document],
        blank=True,
        max_length=255,
    )
    applications_open_at = models.DateTimeField(
        _("applications open"), null=True, blank=True, validators=[validate_moment]
    )
    applications_close_at = models.DateTimeField(
        _("applications close"), null=True, blank=True, validators=[validate_moment]
    )
    decided_on = models.DateField(
        _("decided on"), null=True, blank=True, validators=[validate_past_day]
    )
    decided_where = models.CharField(
        _("where the results were announced"),
        max_length=255,
        blank=True,
        validators=[validate_single_line],
    )
    gala_event = models.ForeignKey(
        Event,
        verbose_name=_("gala event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contest_editions",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EditionStatus.choices, default=EditionStatus.DRAFT
    )
    tie_break = models.CharField(
        _("tie-break rule"), max_length=20, choices=TieBreak.choices, default=TieBreak.TOP_CRITERION
    )
    applications_reported = models.PositiveIntegerField(
        _("applications (as a source states)"), null=True, blank=True
    )
    finalists_reported = models.PositiveIntegerField(
        _("finalists (as a source states)"), null=True, blank=True
    )
    sources = models.TextField(
        _("sources"),
        blank=True,
        validators=[validate_web_urls],
        help_text=_("One web address (http:// or https://) per line."),
    )
    is_illustrative = IllustrativeField()

    objects = ContestEditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contest edition")
        verbose_name_plural = _("contest editions")
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(
                name="edition_window_order",
                condition=Q(applications_open_at__isnull=True)
                | Q(applications_close_at__isnull=True)
                | Q(applications_close_at__gt=F("applications_open_at")),
                violation_error_message=_("Applications must close after they open."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def accepts_applications(self) -> bool:
        now = timezone.now()
        return (
            self.status == EditionStatus.OPEN
            and (self.applications_open_at is None or self.applications_open_at <= now)
            and (self.applications_close_at is None or now < self.applications_close_at)
        )

    @property
    def results_public(self) -> bool:
        return self.status == EditionStatus.PUBLISHED

    @property
    def scores_visible_to_jury(self) -> bool:
        """Jurors see each other's scores only once scoring has closed."""
        return EDITION_FLOW.index(self.status) > EDITION_FLOW.index(EditionStatus.SCORING)

    @property
    def source_list(self) -> list[str]:
        return non_blank_lines(self.sources)

    @property
    def call_stage(self) -> str:
        """Where the call for applications stands, in one word for the public pages: "upcoming"
        (open status, start ahead), "open", "ended" (open status, deadline passed) or "" when
        the edition has moved past the call and its status says it all."""
        if self.status != EditionStatus.OPEN:
            return ""
        now = timezone.now()
        if self.applications_open_at is not None and now < self.applications_open_at:
            return "upcoming"
        if self.applications_close_at is not None and now >= self.applications_close_at:
            return "ended"
        return "open"


class EditionFormerSlug(models.Model):
    """An address an edition answered at before it was renamed: it answers 301 to the new one."""

    edition = models.ForeignKey(
        ContestEdition,
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="former_slugs",
    )
    slug = models.SlugField(_("former address name"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("former address of an edition")
        verbose_name_plural = _("former addresses of editions")

    def __str__(self) -> str:
        return self.slug


class Category(models.Model):
    edition = models.ForeignKey(
        ContestEdition,
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="categories",
    )
    name = models.CharField(_("name"), max_length=255, validators=[validate_single_line])

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="category_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    edition = models.ForeignKey(
        ContestEdition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="criteria"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=255, validators=[validate_single_line])
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    max_points = models.PositiveSmallIntegerField(
        _("maximum points"), default=10, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["edition", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                name="criterion_positive", condition=Q(weight__gt=0, max_points__gt=0)
            )
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """A question every applicant of the edition answers."""

    edition = models.ForeignKey(
        ContestEdition,
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=500, validators=[validate_single_line])
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("application question")
        verbose_name_plural = _("application questions")
        ordering = ["edition", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class JuryMember(models.Model):
    edition = models.ForeignKey(
        ContestEdition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="jury"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.PROTECT,
        related_name="jury_seats",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="jury_seats",
        help_text=_("Their affiliations decide the conflicts of interest found automatically."),
    )
    is_chair = models.BooleanField(_("chair"), default=False)

    class Meta:
        verbose_name = _("jury member")
        verbose_name_plural = _("jury")
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="jury_one_seat_per_user"),
            models.UniqueConstraint(
                fields=["edition"], condition=Q(is_chair=True), name="jury_one_chair"
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("application", "submitted")
    ELIGIBLE = "eligible", pgettext_lazy("application", "eligible")
    INELIGIBLE = "ineligible", pgettext_lazy("application", "ineligible")
    FINALIST = "finalist", pgettext_lazy("application", "finalist")
    LAUREATE = "laureate", pgettext_lazy("application", "laureate")
    DISTINCTION = "distinction", pgettext_lazy("application", "distinction")
    NO_AWARD = "none", pgettext_lazy("application", "no award")


# Which statuses may follow which: eligibility first, then the final, then the award.
APPLICATION_FLOW = {
    ApplicationStatus.SUBMITTED: {ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE},
    ApplicationStatus.ELIGIBLE: {
        ApplicationStatus.FINALIST,
        ApplicationStatus.NO_AWARD,
        ApplicationStatus.INELIGIBLE,
    },
    ApplicationStatus.INELIGIBLE: {ApplicationStatus.ELIGIBLE},
    ApplicationStatus.FINALIST: {
        ApplicationStatus.LAUREATE,
        ApplicationStatus.DISTINCTION,
        ApplicationStatus.NO_AWARD,
    },
    ApplicationStatus.LAUREATE: {ApplicationStatus.DISTINCTION, ApplicationStatus.NO_AWARD},
    ApplicationStatus.DISTINCTION: {ApplicationStatus.LAUREATE, ApplicationStatus.NO_AWARD},
    ApplicationStatus.NO_AWARD: {ApplicationStatus.LAUREATE, ApplicationStatus.DISTINCTION},
}
SCORABLE = (ApplicationStatus.ELIGIBLE, ApplicationStatus.FINALIST)
AWARDS = (ApplicationStatus.LAUREATE, ApplicationStatus.DISTINCTION)
# Applications the jury ranks: those that can be scored and those already decided on.
RANKED = (*SCORABLE, *AWARDS, ApplicationStatus.NO_AWARD)


def is_award_step(current: str, new: str) -> bool:
    """Whether moving an application from `current` to `new` gives or withholds an award (the
    chair's decision after scoring) rather than setting eligibility (the programme staff's)."""
    return new in AWARDS or (
        new == ApplicationStatus.NO_AWARD and current != ApplicationStatus.ELIGIBLE
    )


class Application(ChoiceLabels, models.Model):
    edition = models.ForeignKey(
        ContestEdition,
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("applicant organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contest_applications",
    )
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("applicant partnership"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contest_applications",
    )
    title = models.CharField(_("practice"), max_length=255, validators=[validate_single_line])
    summary = models.TextField(
        _("short description of the practice"),
        blank=True,
        validators=[validate_long_text],
        help_text=_("Shown on the public page if the application wins an award."),
    )
    # Blank only for historic records loaded from sources; the application form requires both.
    contact_name = models.CharField(
        _("contact person"), max_length=255, blank=True, validators=[validate_single_line]
    )
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, validators=[validate_single_line]
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    ineligibility_reason = models.TextField(
        _("reason for ineligibility"), blank=True, validators=[validate_long_text]
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    is_illustrative = IllustrativeField()
    # The consent as shown (its exact words in the language shown), when it was given and
    # withdrawn: the proof of Art. 7(1) GDPR. The words are copied, so a later change of the
    # form's wording never alters what this person agreed to.
    consent_text = models.TextField(_("consent shown"), blank=True, validators=[validate_long_text])
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="application_one_applicant",
                condition=(Q(organisation__isnull=False) & Q(partnership__isnull=True))
                | (Q(organisation__isnull=True) & Q(partnership__isnull=False)),
                violation_error_message=_(
                    "An application comes from one organisation or one partnership."
                ),
            ),
            models.CheckConstraint(
                name="application_ineligible_has_reason",
                condition=~Q(status="ineligible") | ~Q(ineligibility_reason=""),
                violation_error_message=_("Give the reason why the application is ineligible."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} – {self.title}"

    @property
    def applicant(self):
        return self.organisation or self.partnership

    @property
    def applicant_url(self) -> str:
        """The applicant's public page: the partnership's, or the register's page of a local
        government's unit; "" when the applicant has none (an association, a business)."""
        if self.partnership_id:
            return reverse("partnerships:detail", args=[self.partnership.slug])
        organisation = self.organisation
        if organisation.kind in LOCAL_GOVERNMENT_LEVELS and organisation.territorial_unit_id:
            return reverse("registry:unit_detail", args=[organisation.territorial_unit.code])
        return ""


class Answer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"), blank=True, validators=[validate_long_text])

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["application", "question"], name="answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.text[:40]}"


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=255, validators=[validate_single_line])
    file = models.FileField(
        _("file"), upload_to=attachment_path, validators=[validate_document], max_length=255
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class ConflictDeclaration(models.Model):
    """A juror's statement about one application, made before they may score it."""

    # A juror's declarations and scores are the jury's record: a seat that holds any cannot be
    # deleted (nor can a conflicted juror erase their trace by leaving the jury).
    juror = models.ForeignKey(JuryMember, on_delete=models.RESTRICT, related_name="declarations")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="declarations"
    )
    has_conflict = models.BooleanField(_("conflict of interest"))
    reason = models.TextField(_("reason"), blank=True, validators=[validate_long_text])
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")
        constraints = [
            models.UniqueConstraint(fields=["juror", "application"], name="declaration_once")
        ]

    def __str__(self) -> str:
        return f"{self.juror} – {self.application}"


class Score(models.Model):
    juror = models.ForeignKey(JuryMember, on_delete=models.RESTRICT, related_name="scores")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    points = models.PositiveSmallIntegerField(_("points"))
    comment = models.TextField(_("comment"), blank=True, validators=[validate_long_text])
    scored_at = models.DateTimeField(_("scored at"), default=timezone.now)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "application", "criterion"], name="score_once_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.juror} – {self.application} – {self.criterion}: {self.points}"
