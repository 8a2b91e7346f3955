"""Newsletter records: who asked for it (subscribers, with the consent each gave and the exact
text they were shown), what is sent (campaigns) and what became of each message (deliveries),
and the addresses nothing in the system may mail again (suppression)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import PreviewableMixin

from partnerstwa.lib.bounds import validate_long_text, validate_single_line
from partnerstwa.lib.fields import IllustrativeField

BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "image"]


class Topic(models.Model):
    """One thing the newsletter writes about; subscribers choose topics, campaigns name them."""

    slug = models.SlugField(_("address name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120, validators=[validate_single_line])
    position = models.PositiveSmallIntegerField(_("order on the form"), default=0)
    is_active = models.BooleanField(
        _("offered on the sign-up form"),
        default=True,
        help_text=_("A topic no longer offered stays with the subscribers who chose it."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("newsletter topic")
        verbose_name_plural = _("newsletter topics")

    def __str__(self) -> str:
        return self.name


class ConsentText(models.Model):
    """The consent wording shown on the sign-up form. A new wording is a new version; a version
    once shown is never changed (consent records point to the one their subscriber saw)."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    text = models.TextField(_("text"), max_length=4000, validators=[validate_long_text])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("newsletter consent text")
        verbose_name_plural = _("newsletter consent texts")

    def __str__(self) -> str:
        return _("Version %(version)s") % {"version": self.version}


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("awaiting confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    UNSUBSCRIBED = "unsubscribed", _("unsubscribed")


class Subscriber(models.Model):
    email = models.EmailField(_("e-mail"), validators=[validate_single_line])
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="pl"
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="subscribers")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SubscriberStatus.choices,
        default=SubscriberStatus.PENDING,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    soft_bounces = models.PositiveIntegerField(_("soft bounces in a row"), default=0)
    is_illustrative = IllustrativeField()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [
            # One subscriber per address, whatever its letters' case.
            models.UniqueConstraint(Lower("email"), name="newsletter_subscriber_email_ci"),
        ]

    def __str__(self) -> str:
        return self.email


class ConsentMethod(models.TextChoices):
    FORM = "form", _("sign-up form, confirmed by e-mail")
    IMPORT = "import", _("import by staff")
    STAFF = "staff", _("entered by staff")


class ConsentRecord(models.Model):
    """One consent a subscriber gave: the text version shown, when, how and on what basis, and
    when it was withdrawn. Never deleted by the newsletter (the privacy issue decides that)."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    text = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, related_name="records", verbose_name=_("text")
    )
    method = models.CharField(_("how"), max_length=16, choices=ConsentMethod.choices)
    basis = models.CharField(
        _("basis stated"),
        max_length=500,
        blank=True,
        validators=[validate_single_line],
        help_text=_("For imports: where and how the person consented."),
    )
    given_at = models.DateTimeField(_("given at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-pk"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self) -> str:
        return f"{self.subscriber} · {self.text} · {self.given_at:%Y-%m-%d}"


class SuppressionReason(models.TextChoices):
    HARD_BOUNCE = "hard_bounce", _("hard bounce")
    COMPLAINT = "complaint", _("complaint (marked as spam)")
    SOFT_BOUNCES = "soft_bounces", _("repeated soft bounces")
    REQUEST = "request", _("the person asked to receive no e-mail")


class SuppressedAddress(models.Model):
    """An address no part of the system mails again (lib.suppression, consulted by every send)."""

    address = models.EmailField(_("address"), validators=[validate_single_line])
    reason = models.CharField(
        _("reason for suppression"), max_length=16, choices=SuppressionReason.choices
    )
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")
        constraints = [
            models.UniqueConstraint(Lower("address"), name="newsletter_suppressed_address_ci"),
        ]

    def __str__(self) -> str:
        return self.address


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SCHEDULED = "scheduled", _("scheduled")
    SENDING = "sending", _("sending")
    FINISHED = "finished", _("finished")


class SegmentLanguage(models.TextChoices):
    ALL = "", _("subscribers of both languages")
    PL = "pl", _("Polish-language subscribers only")
    EN = "en", _("English-language subscribers only")


class Campaign(PreviewableMixin, ClusterableModel):
    """One newsletter issue, written in the CMS; sent to the confirmed subscribers of its
    segment, each in their own language (English falls back to Polish when not written)."""

    subject_pl = models.CharField(
        _("subject (Polish)"), max_length=200, validators=[validate_single_line]
    )
    subject_en = models.CharField(
        _("subject (English)"), max_length=200, blank=True, validators=[validate_single_line]
    )
    body_pl = RichTextField(_("body (Polish)"), features=BODY_FEATURES)
    body_en = RichTextField(_("body (English)"), blank=True, features=BODY_FEATURES)
    topics = ParentalManyToManyField(
        Topic,
        blank=True,
        related_name="campaigns",
        verbose_name=_("topics"),
        help_text=_(
            "Sent to subscribers of any of these topics; none chosen: to every subscriber."
        ),
    )
    language = models.CharField(
        _("language segment"), max_length=8, blank=True, choices=SegmentLanguage.choices
    )
    # Narrower audiences: only subscribers whose address is also that of a registrant of these
    # events or of a member's contact in these partnerships (both chosen: either of them).
    events = ParentalManyToManyField(
        "activities.Event",
        blank=True,
        related_name="+",
        verbose_name=_("registrants of the events"),
        help_text=_(
            "Only confirmed subscribers whose address is that of a registrant of one of these "
            "events (cancelled registrations do not count)."
        ),
    )
    partnerships = ParentalManyToManyField(
        "partnerships.Partnership",
        blank=True,
        related_name="+",
        verbose_name=_("members' contacts of the partnerships"),
        help_text=_(
            "Only confirmed subscribers whose address is the contact address of a current "
            "member of one of these partnerships. With events chosen too: either of them."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("sending started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    is_illustrative = IllustrativeField()

    panels = [
        MultiFieldPanel([FieldPanel("subject_pl"), FieldPanel("body_pl")], heading=_("Polish")),
        MultiFieldPanel([FieldPanel("subject_en"), FieldPanel("body_en")], heading=_("English")),
        MultiFieldPanel(
            [
                FieldPanel("topics"),
                FieldPanel("language"),
                FieldPanel("events"),
                FieldPanel("partnerships"),
            ],
            heading=_("Segment"),
        ),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("newsletter campaign")
        verbose_name_plural = _("newsletter campaigns")

    def __str__(self) -> str:
        return self.subject_pl

    def clean(self) -> None:
        super().clean()
        # Workers render the campaign when they take a batch: an edit after the start would
        # reach only some recipients. Status moves by the services' updates, never through here.
        if (
            self.pk
            and Campaign.objects.filter(
                pk=self.pk, status__in=[CampaignStatus.SENDING, CampaignStatus.FINISHED]
            ).exists()
        ):
            raise ValidationError(
                _("This campaign is being sent or has been sent: it can no longer be changed.")
            )

    # Preview in the CMS: the message as each language's subscribers read it.
    @property
    def preview_modes(self) -> list[tuple[str, str]]:
        return [("pl", _("Polish")), ("en", _("English"))]

    @property
    def default_preview_mode(self) -> str:
        return "pl"

    def serve_preview(self, request, mode_name):
        from django.http import HttpResponse

        from partnerstwa.newsletter.rendering import preview_html

        return HttpResponse(preview_html(self, mode_name or "pl"))


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    SKIPPED = "skipped", _("not sent (unsubscribed or suppressed meanwhile)")


OUTCOMES = (DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.SKIPPED)


class Delivery(models.Model):
    """One campaign's message to one subscriber: made for every recipient when sending starts,
    claimed by a batch (sending), and given one outcome (sent, failed or skipped)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    address = models.EmailField(_("address"))
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "subscriber"], name="newsletter_one_delivery_per_recipient"
            ),
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self) -> str:
        return f"{self.campaign_id} → {self.address}"


class MailboxMessage(models.Model):
    """A message the mailbox reader has acted on (a delivery report, a complaint, an
    unsubscribe request), by its Message-ID or, without one, its digest: a message read twice
    (a mailbox copied, a run repeated) changes nothing the second time."""

    key = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=16)
    outcome = models.CharField(max_length=255, blank=True)
    processed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-processed_at", "-pk"]
        verbose_name = _("message read from the mailbox")
        verbose_name_plural = _("messages read from the mailbox")

    def __str__(self) -> str:
        return self.key


class SendingPace(models.Model):
    """The one clock of every worker's sending (NEWSLETTER_RATE over all of them, wherever they
    run): the moment from which the next message may go. A worker moves it on by a second's
    worth of messages at a time, under the row's lock, and sends those in its own time."""

    name = models.CharField(max_length=40, unique=True)
    next_at = models.FloatField(default=0.0)

    def __str__(self) -> str:
        return self.name
