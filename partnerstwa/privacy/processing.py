"""The processing activities, declared once: the privacy notice (/prywatnosc/) and the register
of processing activities (Art. 30 GDPR, XLSX for staff) both read this list. Each names the
retention rule of settings.PRIVACY_RETENTION_DAYS that apply_retention applies, and the models
of PERSONAL_DATA whose fields it processes."""

import dataclasses

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclasses.dataclass(frozen=True)
class Activity:
    name: Promise
    purpose: Promise
    basis: Promise
    subjects: Promise
    models: tuple[str, ...]
    recipients: Promise
    retention: str | None  # a key of PRIVACY_RETENTION_DAYS
    retention_note: Promise

    @property
    def retention_days(self) -> int | None:
        return settings.PRIVACY_RETENTION_DAYS.get(self.retention) if self.retention else None


STAFF = _("the operator's staff; the hosting provider as processor")

ACTIVITIES: tuple[Activity, ...] = (
    Activity(
        _("Programme records"),
        _("running the programme and accounting for it to the funder"),
        _("public task and legitimate interest (Art. 6(1)(e) and (f) GDPR)"),
        _("representatives of partner organisations, experts"),
        (
            "registry.Person",
            "registry.Affiliation",
            "partnerships.PartnershipMember",
            "partnerships.SupportEngagement",
        ),
        _("the operator's staff; the funder and its auditors; the hosting provider as processor"),
        None,
        _(
            "for as long as the person holds a role in the programme, then until the end of the "
            "period for which the funding agreement requires its documentation to be kept"
        ),
    ),
    Activity(
        _("Event registration and attendance"),
        _("registering for events, messages about them, attendance, certificates, evaluation"),
        _("consent (Art. 6(1)(a) GDPR), given in the registration form"),
        _("participants of events"),
        (
            "activities.Registration",
            "activities.RegistrationRequest",
            "activities.Attendance",
            "activities.Certificate",
            "activities.EvaluationResponse",
        ),
        _("the operator's staff; the funder and its auditors; the hosting provider as processor"),
        "registrations",
        _(
            "contact details are anonymised this many days after the event ends; unconfirmed "
            "requests go when their link expires"
        ),
    ),
    Activity(
        _("Contest"),
        _("running the contest and writing to applicants about their application"),
        _("consent (Art. 6(1)(a) GDPR), given in the application form"),
        _("applicants' contact persons, jurors"),
        ("contests.Application", "contests.JuryMember", "contests.ConflictDeclaration"),
        STAFF,
        "contest_applications",
        _("contact details are anonymised this many days after the call closes"),
    ),
    Activity(
        _("Legal barrier reports"),
        _("reviewing a reported barrier and telling the sender its outcome"),
        _("consent (Art. 6(1)(a) GDPR), given in the report form"),
        _("people who report a barrier"),
        ("advocacy.BarrierReport",),
        STAFF,
        "barrier_reports",
        _(
            "the sender's details are anonymised this many days after the report; unconfirmed "
            "reports go when their link expires"
        ),
    ),
    Activity(
        _("Newsletter"),
        _("sending the newsletter"),
        _("consent (Art. 6(1)(a) GDPR), confirmed by e-mail"),
        _("subscribers"),
        (
            "newsletter.Subscriber",
            "newsletter.ConsentRecord",
            "newsletter.Delivery",
            "newsletter.SuppressedAddress",
        ),
        _("the operator's staff; the e-mail delivery provider as processor"),
        "newsletter_unconfirmed",
        _("until consent is withdrawn; a sign-up not confirmed within this many days is deleted"),
    ),
    Activity(
        _("Data-subject requests"),
        _("answering requests under Articles 15-22 GDPR and showing that they were answered"),
        _("legal obligation (Art. 6(1)(c) GDPR)"),
        _("people who send a request"),
        ("rights.DataSubjectRequest", "rights.RequestStep", "privacy.Restriction"),
        STAFF,
        "rights_requests",
        _("this many days after the request is closed"),
    ),
    Activity(
        _("Sign-in accounts"),
        _("signing in staff, partnership coordinators and jurors to the pages of their role"),
        _("legitimate interest (Art. 6(1)(f) GDPR): securing access to the programme's records"),
        _("staff, partnership coordinators, jurors"),
        ("auth.User",),
        STAFF,
        None,
        _("while the person holds the role; an erased account names no one and cannot sign in"),
    ),
    Activity(
        _("Accessibility statement"),
        _("naming the contact for accessibility, as the accessibility act requires"),
        _("legal obligation (Art. 6(1)(c) GDPR)"),
        _("the contact person"),
        ("content.AccessibilityStatementPage",),
        _("everyone: the statement is public"),
        None,
        _("while the person is the contact"),
    ),
)
