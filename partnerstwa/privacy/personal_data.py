"""The one declaration of which fields hold personal data.

The data-subject export, rectification, erasure and retention read their fields from here
through the holders (privacy.holders; each app's personal.py). The tests check that every listed
field exists, that every model pointing to a person, or holding a name or an e-mail address, is
listed, and that a holder covers every model listed. Add a model here when it stores anything
about a person, and cover it in its app's personal.py.
"""

PERSONAL_DATA: dict[str, tuple[str, ...]] = {
    # Sign-in accounts (staff, coordinators, jurors): the portal, which signs people in, holds them.
    "auth.User": ("username", "first_name", "last_name", "email"),
    "registry.Person": ("first_name", "last_name", "email", "phone"),
    "registry.Affiliation": ("position", "started_on", "ended_on"),
    "partnerships.PartnershipMember": (
        "contact_person",
        "contact_created",
        "contact_email",
        "contact_phone",
        "contact_position",
    ),
    "partnerships.SupportEngagement": ("expert", "expert_role", "notes"),
    "activities.Registration": (
        "person",
        "first_name",
        "last_name",
        "email",
        "phone",
        "position",
        "accessibility_needs",
        "consent_given_at",
        "consent_withdrawn_at",
    ),
    "activities.RegistrationRequest": (
        "first_name",
        "last_name",
        "email",
        "phone",
        "position",
        "accessibility_needs",
    ),
    "activities.Attendance": ("person",),
    # The accessibility statement names the person to contact about accessibility.
    "content.AccessibilityStatementPage": ("contact_person", "contact_email", "contact_phone"),
    "activities.Certificate": ("person", "holder_name"),
    "activities.EvaluationResponse": ("comment",),
    "contests.JuryMember": ("person", "user"),
    "contests.Application": (
        "contact_name",
        "contact_email",
        "consent_given_at",
        "consent_withdrawn_at",
    ),
    "advocacy.BarrierReport": (
        "contact_name",
        "contact_email",
        "consent_given_at",
        "consent_withdrawn_at",
    ),
    "newsletter.Subscriber": ("email", "language", "topics"),
    "newsletter.ConsentRecord": ("subscriber", "basis", "given_at", "confirmed_at", "withdrawn_at"),
    "newsletter.Delivery": ("address", "error"),
    "newsletter.SuppressedAddress": ("address", "detail"),
    "contests.ConflictDeclaration": ("reason",),
    "privacy.Restriction": ("email",),
    "rights.DataSubjectRequest": ("email", "details", "outcome", "extension_reason"),
    # What staff wrote when extending or answering may name the person.
    "rights.RequestStep": ("detail",),
}


def personal_fields(model_label: str) -> tuple[str, ...]:
    return PERSONAL_DATA.get(model_label, ())
