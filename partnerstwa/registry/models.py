import datetime

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Lower
from django.utils.translation import gettext_lazy as _

from partnerstwa.lib.bounds import (
    validate_day,
    validate_long_text,
    validate_single_line,
    validate_web_url,
)
from partnerstwa.lib.choices import ChoiceLabels
from partnerstwa.lib.fields import IllustrativeField
from partnerstwa.registry.choices import LOCAL_GOVERNMENT_LEVELS, OrganisationKind, UnitLevel
from partnerstwa.registry.validators import (
    membership_validate_no_overlap,
    organisation_validate_unit,
    validate_nip,
    validate_regon,
)

models.CharField.register_lookup(Length)

# A powiat code from 61 up is a city with powiat rights (TERC convention).
CITY_POWIAT_CODE_FROM = 61


class UnitType(models.TextChoices):
    """TERC RODZ codes."""

    URBAN = "1", _("urban gmina")
    RURAL = "2", _("rural gmina")
    URBAN_RURAL = "3", _("urban-rural gmina")
    TOWN = "4", _("town in an urban-rural gmina")
    RURAL_AREA = "5", _("rural area of an urban-rural gmina")
    WARSAW_DISTRICT = "8", _("district of the capital city of Warsaw")
    DELEGATION = "9", _("delegation of a city")


GMINA_TYPES = (UnitType.URBAN, UnitType.RURAL, UnitType.URBAN_RURAL)
GMINA_PART_TYPES = (
    UnitType.TOWN,
    UnitType.RURAL_AREA,
    UnitType.WARSAW_DISTRICT,
    UnitType.DELEGATION,
)
# The city rule (README): a gmina whose TERC type is urban or urban-rural.
CITY_TYPES = (UnitType.URBAN, UnitType.URBAN_RURAL)


class TerritorialUnitQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date | None = None):
        if on is None:
            return self.filter(retired_on__isnull=True)
        return self.filter(Q(retired_on__isnull=True) | Q(retired_on__gt=on), valid_from__lte=on)

    def voivodeships(self):
        return self.filter(level=UnitLevel.VOIVODESHIP)

    def powiats(self):
        return self.filter(level=UnitLevel.POWIAT)

    def gminas(self):
        return self.filter(level=UnitLevel.GMINA)

    def in_voivodeship(self, voivodeship_code: str):
        return self.filter(code__startswith=voivodeship_code)


def _city_with_powiat_rights(code: str) -> bool:
    return len(code) >= 4 and int(code[2:4]) >= CITY_POWIAT_CODE_FROM


_UNIT_TYPE_LABELS = dict(UnitType.choices)


def unit_title(code: str, level: str, unit_type: str, name: str) -> str:
    """A unit named in full, as its str() names it — "dolnośląskie voivodeship", "Wrocław (city
    with powiat rights)", "kłodzki powiat", "Kłodzko (urban gmina)" — from its columns alone (a
    page that reads units as values names them the same)."""
    if level == UnitLevel.VOIVODESHIP:
        # TERC writes voivodeship names in capitals.
        return _("%(name)s voivodeship") % {"name": name.lower()}
    if level == UnitLevel.POWIAT:
        if _city_with_powiat_rights(code):
            return _("%(name)s (city with powiat rights)") % {"name": name}
        return _("%(name)s powiat") % {"name": name}
    return f"{name} ({_UNIT_TYPE_LABELS.get(unit_type, unit_type)})"


class TerritorialUnit(ChoiceLabels, models.Model):
    """A unit of the official TERC register (GUS TERYT)."""

    code = models.CharField(_("TERC code"), max_length=7, unique=True)
    level = models.CharField(_("level"), max_length=12, choices=UnitLevel.choices)
    unit_type = models.CharField(
        _("type (RODZ)"), max_length=1, choices=UnitType.choices, blank=True
    )
    name = models.CharField(_("name"), max_length=100)
    name_extra = models.CharField(_("additional name"), max_length=100, blank=True)
    name_folded = models.CharField(max_length=100, editable=False, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"))
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    objects = TerritorialUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("territorial unit")
        verbose_name_plural = _("territorial units")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="territorialunit_level_shape",
                condition=(
                    Q(level=UnitLevel.VOIVODESHIP, code__length=2, unit_type="")
                    | Q(level=UnitLevel.POWIAT, code__length=4, unit_type="")
                    | Q(level=UnitLevel.GMINA, code__length=7, unit_type__in=GMINA_TYPES)
                    | Q(level=UnitLevel.GMINA_PART, code__length=7, unit_type__in=GMINA_PART_TYPES)
                ),
            ),
            models.CheckConstraint(
                name="territorialunit_retired_after_valid",
                condition=Q(retired_on__isnull=True) | Q(retired_on__gte=models.F("valid_from")),
            ),
        ]

    def __str__(self) -> str:
        return unit_title(self.code, self.level, self.unit_type, self.name)

    @property
    def display_name(self) -> str:
        # TERC writes voivodeship names in capitals.
        if self.level == UnitLevel.VOIVODESHIP:
            return self.name.lower()
        return self.name

    @property
    def kind_label(self) -> str:
        """What a list of units says of each: its type (RODZ), else its additional name, else
        its level."""
        if self.unit_type:
            return self.get_unit_type_display()
        return self.name_extra or self.get_level_display()

    @property
    def voivodeship_code(self) -> str:
        return self.code[:2]

    @property
    def is_city_with_powiat_rights(self) -> bool:
        return _city_with_powiat_rights(self.code)

    @property
    def is_city(self) -> bool:
        return self.level == UnitLevel.GMINA and self.unit_type in CITY_TYPES


class TerytImport(models.Model):
    """One import of the register that changed something: the audit trail of the registry."""

    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    state_on = models.DateField(_("register state as of"))
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    created = models.PositiveIntegerField(_("created"))
    updated = models.PositiveIntegerField(_("updated"))
    retired = models.PositiveIntegerField(_("retired"))
    unchanged = models.PositiveIntegerField(_("unchanged"))

    class Meta:
        verbose_name = _("TERYT import")
        verbose_name_plural = _("TERYT imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.state_on})"


LOCAL_GOVERNMENT_KINDS = tuple(LOCAL_GOVERNMENT_LEVELS)


class OrganisationQuerySet(models.QuerySet):
    def local_governments(self):
        return self.filter(kind__in=LOCAL_GOVERNMENT_KINDS)

    def cities(self):
        return self.filter(kind=OrganisationKind.GMINA, territorial_unit__unit_type__in=CITY_TYPES)

    def members_of(self, association_code: str, on: datetime.date):
        """Organisations that are members of the association on the given day: one query. A
        correlated EXISTS, not a join made distinct: nested inside the indicators' filters, the
        join let PostgreSQL pick a plan that ran for minutes before its statistics were fresh."""
        return self.filter(membership_in_force(association_code, on))

    def in_voivodeship(self, voivodeship_code: str):
        return self.filter(territorial_unit__code__startswith=voivodeship_code)


def membership_in_force(association_code: str, on: datetime.date, organisation: str = "pk"):
    """A filter: the organisation (the outer query's field `organisation`) is a member of the
    association on the day."""
    return Exists(
        AssociationMembership.objects.in_force_on(on).filter(
            association__code=association_code, organisation=OuterRef(organisation)
        )
    )


krs_validator = RegexValidator(r"^[0-9]{10}$", _("A KRS number has exactly 10 digits."))


class Organisation(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=255, validators=[validate_single_line])
    short_name = models.CharField(
        _("short name"), max_length=100, blank=True, validators=[validate_single_line]
    )
    territorial_unit = models.ForeignKey(
        TerritorialUnit,
        verbose_name=_("territorial unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("Required for local governments: the unit of the register it governs."),
    )
    nip = models.CharField(_("NIP"), max_length=10, blank=True, validators=[validate_nip])
    regon = models.CharField(_("REGON"), max_length=14, blank=True, validators=[validate_regon])
    krs = models.CharField(_("KRS"), max_length=10, blank=True, validators=[krs_validator])
    address = models.TextField(_("address"), blank=True, validators=[validate_long_text])
    website = models.URLField(_("website"), blank=True, validators=[validate_web_url])
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    is_illustrative = IllustrativeField()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["territorial_unit"],
                condition=Q(territorial_unit__isnull=False),
                name="organisation_one_per_unit",
                violation_error_message=_("This territorial unit already has an organisation."),
            ),
            models.CheckConstraint(
                name="organisation_unit_only_for_local_government",
                condition=(
                    Q(kind__in=LOCAL_GOVERNMENT_KINDS, territorial_unit__isnull=False)
                    | (~Q(kind__in=LOCAL_GOVERNMENT_KINDS) & Q(territorial_unit__isnull=True))
                ),
                violation_error_message=_(
                    "A local government needs its territorial unit; other organisations have none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_local_government(self) -> bool:
        return self.kind in LOCAL_GOVERNMENT_KINDS

    @property
    def is_city(self) -> bool:
        return (
            self.kind == OrganisationKind.GMINA
            and self.territorial_unit is not None
            and self.territorial_unit.is_city
        )

    def clean(self) -> None:
        organisation_validate_unit(kind=self.kind, unit=self.territorial_unit)


class Association(models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=255, validators=[validate_single_line])
    country = models.CharField(_("country"), max_length=2, default="PL")
    website = models.URLField(_("website"), blank=True, validators=[validate_web_url])

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class AssociationMembershipQuerySet(models.QuerySet):
    def in_force_on(self, on: datetime.date):
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gte=on), joined_on__lte=on)


class AssociationMembership(models.Model):
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    joined_on = models.DateField(_("joined on"), validators=[validate_day])
    left_on = models.DateField(_("left on"), null=True, blank=True, validators=[validate_day])
    is_illustrative = IllustrativeField()

    objects = AssociationMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("association membership")
        verbose_name_plural = _("association memberships")
        ordering = ["association__code", "-joined_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "organisation", "joined_on"],
                name="membership_unique_start",
            ),
            models.CheckConstraint(
                name="membership_left_after_joined",
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                violation_error_message=_("The leaving date cannot precede the joining date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.association.code}"

    def clean(self) -> None:
        if self.association_id and self.organisation_id and self.joined_on:
            membership_validate_no_overlap(
                AssociationMembership.objects.filter(
                    association_id=self.association_id, organisation_id=self.organisation_id
                ),
                joined_on=self.joined_on,
                left_on=self.left_on,
                exclude_pk=self.pk,
            )


class Person(models.Model):
    first_name = models.CharField(
        _("first name"), max_length=100, validators=[validate_single_line]
    )
    last_name = models.CharField(_("last name"), max_length=100, validators=[validate_single_line])
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(
        _("phone"), max_length=30, blank=True, validators=[validate_single_line]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    is_illustrative = IllustrativeField()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        # Imports match people without an e-mail by name (last_name__in, a batch at a time):
        # without it each batch read the whole register.
        indexes = [models.Index(fields=["last_name", "first_name"], name="person_name")]
        constraints = [
            # The e-mail identifies a person (registration, imports, indicators).
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="person_unique_email",
                violation_error_message=_("A person with this e-mail address already exists."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Affiliation(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    position = models.CharField(
        _("position"), max_length=255, blank=True, validators=[validate_single_line]
    )
    started_on = models.DateField(_("since"), null=True, blank=True, validators=[validate_day])
    ended_on = models.DateField(_("until"), null=True, blank=True, validators=[validate_day])

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                name="affiliation_ended_after_started",
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                violation_error_message=_("The end date cannot precede the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.organisation}"


class PopulationFigure(models.Model):
    """Population of a territorial unit at the end of a year (GUS, Bank Danych Lokalnych).

    Keyed by the TERC code rather than a foreign key: figures also exist for units that are no
    longer in force, and units in force may have none."""

    unit_code = models.CharField(_("TERC code"), max_length=7)
    year = models.PositiveSmallIntegerField(_("year"))
    pre_working = models.PositiveIntegerField(_("pre-working age"))
    working = models.PositiveIntegerField(_("working age"))
    post_working = models.PositiveIntegerField(_("post-working age"))
    total = models.PositiveIntegerField(_("total"))

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        ordering = ["unit_code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["unit_code", "year"], name="population_one_per_year"),
            models.CheckConstraint(
                name="population_total_is_sum",
                condition=Q(
                    total=models.F("pre_working") + models.F("working") + models.F("post_working")
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_code} {self.year}: {self.total}"
