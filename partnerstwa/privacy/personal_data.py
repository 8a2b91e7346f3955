"""The one declaration of which fields hold personal data.

Today it is a declaration checked by tests, and nothing reads it at run time: the tests check that
every listed field exists and that every model pointing to a person, or holding a name or an
e-mail address, is listed. The data-subject export, erasure and retention are to read their fields
from here when they are built (issue 16), rather than keep lists of their own. Add a model here
when it stores anything about a person.
"""

PERSONAL_DATA: dict[str, tuple[str, ...]] = {
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
    "contests.Application": ("contact_name", "contact_email"),
    "advocacy.BarrierReport": ("contact_name", "contact_email"),
    "newsletter.Subscriber": ("email", "language", "topics"),
    "newsletter.ConsentRecord": ("subscriber", "basis", "given_at", "confirmed_at", "withdrawn_at"),
    "newsletter.Delivery": ("address", "error"),
    "newsletter.SuppressedAddress": ("address", "detail"),
    "contests.ConflictDeclaration": ("reason",),
}


def personal_fields(model_label: str) -> tuple[str, ...]:
    return PERSONAL_DATA.get(model_label, ())
