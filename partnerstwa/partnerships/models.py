from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Round
from django.utils.translation import gettext_lazy as _

from partnerstwa.lib.bounds import (
    validate_day,
    validate_long_text,
    validate_past_day,
    validate_single_line,
    validate_web_url,
    validate_web_urls,
)
from partnerstwa.lib.choices import ChoiceLabels
from partnerstwa.lib.fields import AmountField, IllustrativeField
from partnerstwa.lib.text import non_blank_lines
from partnerstwa.lib.uploads import storage_path, validate_document
from partnerstwa.registry.models import Organisation, OrganisationKind, Person


class Sector(models.TextChoices):
    PUBLIC = "public", _("public")
    SOCIAL = "social", _("social")
    PRIVATE = "private", _("private")


# The sector follows from the kind of organisation (README: "Sectors").
SECTOR_OF_KIND = {
    OrganisationKind.GMINA: Sector.PUBLIC,
    OrganisationKind.POWIAT: Sector.PUBLIC,
    OrganisationKind.VOIVODESHIP: Sector.PUBLIC,
    OrganisationKind.PUBLIC: Sector.PUBLIC,
    OrganisationKind.SCIENCE: Sector.PUBLIC,
    OrganisationKind.NGO: Sector.SOCIAL,
    OrganisationKind.OTHER: Sector.SOCIAL,
    OrganisationKind.BUSINESS: Sector.PRIVATE,
}


def sector_of_kind(kind_field: str = "kind") -> Case:
    """SQL expression giving an organisation's sector from its kind."""
    return Case(
        *[
            When(**{kind_field: kind}, then=Value(sector))
            for kind, sector in SECTOR_OF_KIND.items()
        ],
        output_field=models.CharField(),
    )


def agreement_path(instance, filename: str) -> str:
    return storage_path("agreements", filename)


def deliverable_path(instance, filename: str) -> str:
    return storage_path("deliverables", filename)


class AreaKind(models.TextChoices):
    URBAN_FUNCTIONAL = "urban_functional", _("urban functional area")
    RURAL_URBAN = "rural_urban", _("rural-urban area")
    THEMATIC = "thematic", _("thematic")
    OTHER = "other", _("other kind of area")


class PartnershipStatus(models.TextChoices):
    FORMING = "forming", _("forming")
    ACTIVE = "active", _("active")
    CONCLUDED = "concluded", _("concluded")


class PartnershipQuerySet(models.QuerySet):
    def editable_by(self, user):
        """Partnerships a user may edit in the coordinator pages: staff all, coordinators theirs."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_staff and user.has_perm("partnerships.change_partnership"):
            return self
        return self.filter(coordinators=user)


class Partnership(ChoiceLabels, models.Model):
    name = models.CharField(_("name"), max_length=255, validators=[validate_single_line])
    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    area_kind = models.CharField(
        _("kind of area"), max_length=20, choices=AreaKind.choices, default=AreaKind.OTHER
    )
    formed_on = models.DateField(
        _("formed on"), null=True, blank=True, validators=[validate_past_day]
    )
    agreement_signed_on = models.DateField(
        _("agreement signed on"), null=True, blank=True, validators=[validate_past_day]
    )
    agreement_document = models.FileField(
        _("agreement document"),
        upload_to=agreement_path,
        validators=[validate_document],
        blank=True,
        max_length=255,
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PartnershipStatus.choices,
        default=PartnershipStatus.ACTIVE,
    )
    description = models.TextField(_("description"), blank=True, validators=[validate_long_text])
    website = models.URLField(_("website"), blank=True, validators=[validate_web_url])
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        blank=True,
        related_name="coordinated_partnerships",
        help_text=_("User accounts that may edit this partnership in the coordinator pages."),
    )
    leader_as_named = models.CharField(
        _("leader as named by the source"),
        max_length=255,
        blank=True,
        validators=[validate_single_line],
        help_text=_(
            "Filled when a source names the leader but the register cannot tell which unit it is."
        ),
    )
    declared_partner_count = models.PositiveIntegerField(
        _("number of partners stated by the source"), null=True, blank=True
    )
    sources = models.TextField(
        _("sources"),
        blank=True,
        validators=[validate_web_urls],
        help_text=_("One web address (http:// or https://) per line."),
    )
    source_notes = models.TextField(
        _("notes on the sources"), blank=True, validators=[validate_long_text]
    )
    is_illustrative = IllustrativeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def source_list(self) -> list[str]:
        return non_blank_lines(self.sources)


class PartnershipSlugHistory(models.Model):
    """An address a partnership had before (its slug as Django's slugify made it, dropping
    "ł", or one changed in the back office): the old address answers 301 to the new one."""

    slug = models.SlugField(_("former address name"), max_length=120, unique=True)
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="former_slugs",
    )
    replaced_at = models.DateTimeField(_("replaced at"), auto_now_add=True)

    class Meta:
        verbose_name = _("former address of a partnership")
        verbose_name_plural = _("former addresses of partnerships")

    def __str__(self) -> str:
        return self.slug


class MemberRole(models.TextChoices):
    LEADER = "leader", _("leader")
    MEMBER = "member", _("member")
    ASSOCIATED = "associated", _("associated partner")


class PartnershipMemberQuerySet(models.QuerySet):
    def active_on(self, on):
        return self.filter(
            Q(joined_on__isnull=True) | Q(joined_on__lte=on),
            Q(left_on__isnull=True) | Q(left_on__gte=on),
        )

    def current(self):
        return self.filter(left_on__isnull=True)

    def with_sector(self):
        return self.annotate(sector=sector_of_kind("organisation__kind"))


class PartnershipMember(ChoiceLabels, models.Model):
    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="members"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="partnership_memberships",
    )
    role = models.CharField(
        _("role"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    joined_on = models.DateField(
        _("joined on"),
        null=True,
        blank=True,
        validators=[validate_day],
        help_text=_("Empty: unknown."),
    )
    left_on = models.DateField(_("left on"), null=True, blank=True, validators=[validate_day])
    contact_person = models.ForeignKey(
        Person,
        verbose_name=_("contact person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnership_contacts",
    )
    # A coordinator may rewrite only the person their form created for this member, and only
    # while nothing else uses it; anyone else (linked by staff, shared) keeps their record.
    contact_created = models.ForeignKey(
        Person,
        verbose_name=_("contact person entered by the coordinators"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # How the partnership reaches its contact, as the coordinators give it. Kept here, not on
    # the registry's person, so a coordinator never writes or reads a registry e-mail address.
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=30, blank=True, validators=[validate_single_line]
    )
    contact_position = models.CharField(
        _("contact's position"), max_length=255, blank=True, validators=[validate_single_line]
    )

    objects = PartnershipMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership member")
        verbose_name_plural = _("partnership members")
        ordering = ["role", "organisation__name"]
        constraints = [
            # At most one leader whose term is open; overlapping dated terms are refused by the
            # services, and on PostgreSQL by an exclusion constraint (migration 0002).
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(role="leader", left_on__isnull=True),
                name="partnershipmember_one_open_leader",
                violation_error_message=_("The partnership already has a leader."),
            ),
            models.UniqueConstraint(
                fields=["partnership", "organisation"],
                condition=Q(left_on__isnull=True),
                name="partnershipmember_once_at_a_time",
                violation_error_message=_(
                    "This organisation is already a member of the partnership."
                ),
            ),
            models.CheckConstraint(
                name="partnershipmember_left_after_joined",
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=F("joined_on")),
                violation_error_message=_("The leaving date cannot precede the joining date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class FundingProgramme(models.Model):
    name = models.CharField(
        _("name"), max_length=255, unique=True, validators=[validate_single_line]
    )

    class Meta:
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")


class Project(ChoiceLabels, models.Model):
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="projects",
    )
    title = models.CharField(_("title"), max_length=500, validators=[validate_single_line])
    reference = models.CharField(
        _("project number"), max_length=50, blank=True, validators=[validate_single_line]
    )
    funding_programme = models.ForeignKey(
        FundingProgramme,
        verbose_name=_("funding programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    total_value = AmountField(_("total value (PLN)"), null=True, blank=True)
    grant = AmountField(_("grant (PLN)"), null=True, blank=True)
    own_contribution = AmountField(_("own contribution (PLN)"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True, validators=[validate_day])
    ends_on = models.DateField(_("ends on"), null=True, blank=True, validators=[validate_day])
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                name="project_amounts_add_up",
                # Rounded so SQLite's floating point agrees with PostgreSQL's exact numerics.
                condition=Q(total_value__isnull=True)
                | Q(grant__isnull=True)
                | Q(own_contribution__isnull=True)
                | Q(total_value=Round(F("grant") + F("own_contribution"), 2)),
                violation_error_message=_(
                    "The grant and the own contribution must add up to the total value."
                ),
            ),
            models.CheckConstraint(
                name="project_amounts_not_negative",
                condition=(Q(total_value__isnull=True) | Q(total_value__gte=0))
                & (Q(grant__isnull=True) | Q(grant__gte=0))
                & (Q(own_contribution__isnull=True) | Q(own_contribution__gte=0)),
            ),
            models.CheckConstraint(
                name="project_ends_after_start",
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                violation_error_message=_("The end date cannot precede the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class DeliverableKind(models.TextChoices):
    STRATEGY = "strategy", _("strategy or development plan")
    OPERATIONAL_PLAN = "operational_plan", _("operational plan")
    TECHNICAL_DOCUMENTATION = (
        "technical_documentation",
        _("technical documentation for investments"),
    )
    STUDY = "study", _("study")
    OTHER = "other", _("other")


class DeliverableStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    ADOPTED = "adopted", _("adopted")


# A deliverable moves forward only: planned -> in progress -> adopted.
DELIVERABLE_STATUS_ORDER = [
    DeliverableStatus.PLANNED,
    DeliverableStatus.IN_PROGRESS,
    DeliverableStatus.ADOPTED,
]


class Deliverable(ChoiceLabels, models.Model):
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="deliverables",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliverables",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DeliverableKind.choices)
    title = models.CharField(_("title"), max_length=500, validators=[validate_single_line])
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=DeliverableStatus.choices,
        default=DeliverableStatus.PLANNED,
    )
    adopted_on = models.DateField(
        _("adopted on"), null=True, blank=True, validators=[validate_past_day]
    )
    adopting_resolution = models.CharField(
        _("adopting resolution"),
        max_length=255,
        blank=True,
        validators=[validate_single_line],
        help_text=_("e.g. Uchwała nr XII/85/2015"),
    )
    file = models.FileField(
        _("file"),
        upload_to=deliverable_path,
        validators=[validate_document],
        blank=True,
        max_length=255,
    )

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["kind", "title"]
        constraints = [
            models.CheckConstraint(
                name="deliverable_adopted_has_date_and_resolution",
                condition=~Q(status="adopted")
                | (Q(adopted_on__isnull=False) & ~Q(adopting_resolution="")),
                violation_error_message=_(
                    "An adopted document needs the date and the adopting resolution."
                ),
            ),
            models.CheckConstraint(
                name="deliverable_only_adopted_has_adoption_date",
                condition=Q(status="adopted") | Q(adopted_on__isnull=True),
                violation_error_message=_("Only an adopted document has an adoption date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SupportForm(models.TextChoices):
    CONSULTING = "consulting", _("consulting")
    MODERATION = "moderation", _("workshop moderation")
    EXPERT_OPINION = "expert_opinion", _("expert opinion")
    DOCUMENT_REVIEW = "document_review", _("review of a document")
    STUDY_VISIT = "study_visit", _("study-visit preparation")


class SupportEngagement(models.Model):
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="support_engagements",
    )
    date = models.DateField(_("date"), validators=[validate_day])
    expert = models.ForeignKey(
        Person,
        verbose_name=_("expert"),
        on_delete=models.PROTECT,
        related_name="support_engagements",
    )
    expert_role = models.CharField(
        _("expert's role"), max_length=255, blank=True, validators=[validate_single_line]
    )
    hours = models.DecimalField(
        _("hours"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.25"))]
    )
    form = models.CharField(_("form"), max_length=20, choices=SupportForm.choices)
    topic = models.CharField(_("topic"), max_length=500, validators=[validate_single_line])
    notes = models.TextField(_("notes"), blank=True, validators=[validate_long_text])

    class Meta:
        verbose_name = _("support engagement")
        verbose_name_plural = _("support engagements")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                name="supportengagement_hours_positive", condition=Q(hours__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} – {self.topic}"
