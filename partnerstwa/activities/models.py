import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partnerstwa.lib.bounds import (
    validate_long_text,
    validate_moment,
    validate_single_line,
    validate_web_url,
)
from partnerstwa.lib.choices import ChoiceLabels
from partnerstwa.lib.dates import end_of_day_if_midnight
from partnerstwa.lib.fields import IllustrativeField
from partnerstwa.lib.uploads import storage_path, validate_document
from partnerstwa.registry.models import Organisation, Person, TerritorialUnit


class EventKind(models.TextChoices):
    TRAINING = "training", _("training")
    STRATEGY_WORKSHOP = "strategy_workshop", _("strategic management workshop")
    CUW_WORKSHOP = "cuw_workshop", _("shared service centre (CUW) workshop")
    CONFERENCE = "conference", _("conference")
    SEMINAR = "seminar", _("seminar")
    CONGRESS = "congress", _("congress")
    STUDY_VISIT = "study_visit", _("study visit")
    EXCHANGE_GROUP = "exchange_group", _("experience-exchange group")
    WEBINAR = "webinar", _("webinar")


class Audience(models.TextChoices):
    OPEN = "open", _("open to all")
    PARTNERSHIP_MEMBERS = "members", _("members of partnerships")
    INVITATION = "invitation", _("by invitation")


class EventStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("event status", "draft")
    PUBLISHED = "published", pgettext_lazy("event status", "published")
    CANCELLED = "cancelled", pgettext_lazy("event status", "cancelled")


class EventSeries(models.Model):
    """A cycle of events whose sessions are numbered, e.g. the Strategic Management Workshops."""

    title = models.CharField(_("title"), max_length=255, validators=[validate_single_line])
    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True, validators=[validate_long_text])
    required_attendance_share = models.DecimalField(
        _("share of sessions required for a certificate"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.80"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
    )

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                name="eventseries_share_between_0_and_1",
                condition=Q(required_attendance_share__gt=0, required_attendance_share__lte=1),
            )
        ]

    def __str__(self) -> str:
        return self.title


class EventQuerySet(models.QuerySet):
    def published(self):
        """What the public sees: published and cancelled events (a cancellation is news)."""
        return self.exclude(status=EventStatus.DRAFT)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())


class Event(ChoiceLabels, models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=255, validators=[validate_single_line])
    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True, validators=[validate_long_text])
    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    series_number = models.PositiveSmallIntegerField(
        _("number in the series"), null=True, blank=True
    )
    starts_at = models.DateTimeField(_("starts at"), validators=[validate_moment])
    ends_at = models.DateTimeField(_("ends at"), validators=[validate_moment])
    venue_name = models.CharField(
        _("venue"), max_length=255, blank=True, validators=[validate_single_line]
    )
    venue_address = models.CharField(
        _("address"), max_length=255, blank=True, validators=[validate_single_line]
    )
    venue_unit = models.ForeignKey(
        TerritorialUnit,
        verbose_name=_("place (TERYT)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    online_url = models.URLField(_("online link"), blank=True, validators=[validate_web_url])
    destination_country = models.CharField(
        _("destination country (ISO code)"),
        max_length=2,
        blank=True,
        validators=[validate_single_line],
    )
    destination_city = models.CharField(
        _("destination city"), max_length=120, blank=True, validators=[validate_single_line]
    )
    host_institutions = models.TextField(
        _("host institutions"), blank=True, validators=[validate_long_text]
    )
    organisers = models.TextField(_("organisers"), blank=True, validators=[validate_long_text])
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.OPEN
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    seats_per_organisation = models.PositiveIntegerField(
        _("seats per organisation"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True, validators=[validate_moment]
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, validators=[validate_moment]
    )
    requires_approval = models.BooleanField(
        _("registrations need approval"),
        default=False,
        help_text=_("Staff approve each registration before it is confirmed."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    is_illustrative = IllustrativeField()
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        # The lists: upcoming events (not yet ended) by start, past ones latest first. The index
        # holds what their filter and count read (ends_at, status), so a count or a deep page
        # walks the index alone instead of every event's row. (An index led by ends_at made
        # SQLite start there even when a voivodeship narrows the list far more.)
        indexes = [
            models.Index(fields=["starts_at", "id", "ends_at", "status"], name="event_starts_at"),
        ]
        constraints = [
            models.CheckConstraint(
                name="event_ends_after_start",
                condition=Q(ends_at__gte=F("starts_at")),
                violation_error_message=_("The event cannot end before it starts."),
            ),
            models.CheckConstraint(
                name="event_registration_window",
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                violation_error_message=_("Registration must close after it opens."),
            ),
            models.CheckConstraint(
                name="event_capacity_positive",
                condition=(Q(capacity__isnull=True) | Q(capacity__gt=0))
                & (Q(seats_per_organisation__isnull=True) | Q(seats_per_organisation__gt=0)),
            ),
            models.UniqueConstraint(
                fields=["series", "series_number"],
                condition=Q(series__isnull=False, series_number__isnull=False),
                name="event_unique_number_in_series",
                violation_error_message=_("This series already has an event with that number."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        # A registration deadline typed as a bare date means the end of that day.
        self.registration_closes_at = end_of_day_if_midnight(self.registration_closes_at)

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == EventStatus.PUBLISHED
            and self.audience != Audience.INVITATION
            and (self.registration_opens_at is None or self.registration_opens_at <= now)
            and (self.registration_closes_at is None or now < self.registration_closes_at)
            and now < self.starts_at
        )


def material_path(instance, filename: str) -> str:
    return storage_path("materials", filename)


class EventMaterial(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=255, validators=[validate_single_line])
    file = models.FileField(
        _("file"), upload_to=material_path, validators=[validate_document], max_length=255
    )

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    """One sitting of an event: a day of a multi-day event, a meeting of a series."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(
        _("title"), max_length=255, blank=True, validators=[validate_single_line]
    )
    starts_at = models.DateTimeField(_("starts at"), validators=[validate_moment])
    ends_at = models.DateTimeField(_("ends at"), validators=[validate_moment])
    place = models.CharField(
        _("place"), max_length=255, blank=True, validators=[validate_single_line]
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="session_unique_number"),
            models.CheckConstraint(
                name="session_ends_after_start", condition=Q(ends_at__gte=F("starts_at"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} – {self.number}"


class RegistrationState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("registration state", "pending approval")
    CONFIRMED = "confirmed", pgettext_lazy("registration state", "confirmed")
    WAITLISTED = "waitlisted", pgettext_lazy("registration state", "waitlisted")
    CANCELLED = "cancelled", pgettext_lazy("registration state", "cancelled")


# States that hold a seat: a pending registration keeps its seat until staff decide.
SEAT_HOLDING_STATES = (RegistrationState.PENDING, RegistrationState.CONFIRMED)


class RegistrantDetails(models.Model):
    """What a registrant gives about themselves: typed into the public form (a request), then
    kept with the registration the owner confirmed."""

    first_name = models.CharField(
        _("first name"), max_length=100, validators=[validate_single_line]
    )
    last_name = models.CharField(_("last name"), max_length=100, validators=[validate_single_line])
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(
        _("phone"), max_length=30, blank=True, validators=[validate_single_line]
    )
    position = models.CharField(
        _("position"), max_length=255, blank=True, validators=[validate_single_line]
    )
    accessibility_needs = models.TextField(
        _("accessibility needs"), blank=True, validators=[validate_long_text]
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    consent_text = models.TextField(_("consent shown"), validators=[validate_long_text])

    class Meta:
        abstract = True


class Registration(RegistrantDetails):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="registrations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
    )
    organisation_name = models.CharField(
        _("organisation as typed"),
        max_length=255,
        blank=True,
        validators=[validate_single_line],
        help_text=_("Typed by the registrant when the organisation was not in the registry."),
    )
    needs_review = models.BooleanField(
        _("organisation to review"),
        default=False,
        help_text=_("The organisation was typed, not chosen: staff link it to the registry."),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=RegistrationState.choices, db_index=True
    )
    consent_given_at = models.DateTimeField(_("consent given at"))
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, db_index=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    evaluation_sent_at = models.DateTimeField(_("evaluation link sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=~Q(state="cancelled"),
                name="registration_one_active_per_person",
                violation_error_message=_("This person is already registered for the event."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} – {self.event}"

    @property
    def organisation_label(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name

    def can_be_cancelled_by_owner(self, now=None) -> bool:
        """The owner's link cancels only before the event begins: afterwards no seat can go to
        anyone else, and the registration is part of the event's record."""
        return self.state != RegistrationState.CANCELLED and (now or timezone.now()) < (
            self.event.starts_at
        )

    def evaluation_is_open(self, now=None) -> bool:
        """A participant evaluates an event that has ended, once staff sent them the link."""
        return (
            self.state == RegistrationState.CONFIRMED
            and self.evaluation_sent_at is not None
            and self.event.ends_at <= (now or timezone.now())
        )


class RegistrationRequest(RegistrantDetails):
    """What someone typed into the public registration form, waiting until the address's owner
    confirms it with the link mailed to them. It holds no seat and creates no person: only the
    owner's confirmation does, so the form answers alike whether or not an address is known.
    Its details only prefill the confirmation page; the registration takes those the owner
    confirms there, since whoever typed them need not own the address.
    Confirmed, it points to the registration it became until its link expires and
    purge_registration_requests deletes it."""

    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registration_requests",
    )
    organisation_name = models.CharField(
        _("organisation as typed"), max_length=255, blank=True, validators=[validate_single_line]
    )
    created_at = models.DateTimeField(_("submitted on"), default=timezone.now, db_index=True)
    # Kept after confirming, so that a second click on the link can say what became of it;
    # purge_registration_requests removes the request once its link has expired.
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("registration awaiting confirmation")
        verbose_name_plural = _("registrations awaiting confirmation")
        constraints = [
            # Only a confirmed request leads to a registration (which may be deleted since).
            models.CheckConstraint(
                condition=models.Q(registration__isnull=True)
                | models.Q(confirmed_at__isnull=False),
                name="registration_request_registration_only_once_confirmed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} – {self.event}"


class MailThrottle(models.Model):
    """When a public form last caused a message to an address about one thing (an event, a
    contest edition). The pair is kept only as a keyed hash: the table must not become a list
    of the addresses people typed."""

    address_key = models.CharField(max_length=64, unique=True)
    mailed_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.address_key


class AttendanceMethod(models.TextChoices):
    CHECK_IN = "check_in", _("check-in")
    IMPORT = "import", _("import")


class Attendance(models.Model):
    # No index of its own: the unique constraint's index (session, person) begins with it.
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendances",
        db_index=False,
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendances"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation represented"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendances",
    )
    method = models.CharField(_("recorded by"), max_length=10, choices=AttendanceMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by (account)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    is_illustrative = IllustrativeField()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="attendance_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.session}"


class EvaluationQuestion(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=255, validators=[validate_single_line])

    class Meta:
        verbose_name = _("evaluation question")
        verbose_name_plural = _("evaluation questions")
        ordering = ["event", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class EvaluationResponse(models.Model):
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="evaluation",
    )
    comment = models.TextField(_("comments"), blank=True, validators=[validate_long_text])
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation response")
        verbose_name_plural = _("evaluation responses")

    def __str__(self) -> str:
        return str(self.registration)


class EvaluationAnswer(models.Model):
    response = models.ForeignKey(
        EvaluationResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        EvaluationQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_once_per_question"
            ),
            models.CheckConstraint(
                name="answer_rating_1_to_5", condition=Q(rating__gte=1, rating__lte=5)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.rating}"


class Certificate(models.Model):
    """A certificate of participation in an event, or in a series once enough sessions were
    attended. Its code is printed on it; the public verification page confirms it."""

    code = models.CharField(_("verification code"), max_length=16, unique=True)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="certificates"
    )
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, null=True, blank=True
    )
    series = models.ForeignKey(
        EventSeries, verbose_name=_("series"), on_delete=models.PROTECT, null=True, blank=True
    )
    holder_name = models.CharField(
        _("name on the certificate"), max_length=255, validators=[validate_single_line]
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(
                name="certificate_for_event_or_series",
                condition=(Q(event__isnull=False) & Q(series__isnull=True))
                | (Q(event__isnull=True) & Q(series__isnull=False)),
            ),
            models.UniqueConstraint(
                fields=["person", "event"],
                condition=Q(event__isnull=False),
                name="certificate_once_per_event",
            ),
            models.UniqueConstraint(
                fields=["person", "series"],
                condition=Q(series__isnull=False),
                name="certificate_once_per_series",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class EventFormerSlug(models.Model):
    """An address an event answered at before it was renamed: it answers 301 to the new one."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="former_slugs"
    )
    slug = models.SlugField(_("former address name"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("former address of an event")
        verbose_name_plural = _("former addresses of events")

    def __str__(self) -> str:
        return self.slug
