"""Fill the partnership's own contact fields (added empty by 0006) from the contact people that
only their member uses: without this, existing contacts lose their e-mail, phone and position on
the coordinators' pages, and coordinators can no longer correct the names they entered.

A person used by anything else (an event registration, a certificate, another partnership,
another organisation) is shared: nothing of theirs is copied, so their address stays private.
Written with the historical models only: app code may change after this migration."""

from django.db import migrations
from django.db.models import F


def _used_elsewhere(Person, person_id: int, member) -> bool:
    """Whether any row points to the person besides this member's contact and the person's
    affiliations with the member organisation (as registry.selectors.person_used_elsewhere
    reads it for the coordinator's form)."""
    for relation in Person._meta.related_objects:
        model, field = relation.related_model, relation.field.name
        rows = model._base_manager.filter(**{field: person_id})
        label = f"{model._meta.label}.{field}"
        if label == "partnerships.PartnershipMember.contact_person":
            rows = rows.exclude(pk=member.pk)
        elif label == "registry.Affiliation.person":
            rows = rows.exclude(organisation_id=member.organisation_id)
        if rows.exists():
            return True
    return False


def fill_contact_fields(apps, schema_editor) -> None:
    PartnershipMember = apps.get_model("partnerships", "PartnershipMember")
    Person = apps.get_model("registry", "Person")
    Affiliation = apps.get_model("registry", "Affiliation")
    members = PartnershipMember._base_manager.filter(
        contact_person__isnull=False, contact_created__isnull=True
    ).select_related("contact_person")
    for member in list(members):
        person = member.contact_person
        if _used_elsewhere(Person, person.pk, member):
            continue
        # The affiliation in force first (no end), then the latest.
        affiliation = (
            Affiliation._base_manager.filter(person=person, organisation=member.organisation_id)
            .order_by(
                F("ended_on").desc(nulls_first=True),
                F("started_on").desc(nulls_last=True),
                "-pk",
            )
            .first()
        )
        member.contact_created = person
        # Fill only what is empty: a value a coordinator has given since 0006 stays.
        member.contact_email = member.contact_email or person.email
        member.contact_phone = member.contact_phone or person.phone
        member.contact_position = member.contact_position or (
            affiliation.position if affiliation is not None else ""
        )
        member.save(
            update_fields=["contact_created", "contact_email", "contact_phone", "contact_position"]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0007_amount_field"),
        ("registry", "0006_value_bounds"),
    ]

    operations = [
        migrations.RunPython(fill_contact_fields, migrations.RunPython.noop, elidable=True),
    ]
