from django.apps import apps
from django.db import models

from partnerstwa.privacy.personal_data import PERSONAL_DATA
from partnerstwa.registry.models import Person


def test_every_declared_personal_field_exists():
    for label, fields in PERSONAL_DATA.items():
        model = apps.get_model(label)
        names = {field.name for field in model._meta.get_fields()}
        assert set(fields) <= names, f"{label}: {set(fields) - names}"


def test_every_model_that_stores_a_person_declares_its_personal_fields():
    storing_people = {
        model._meta.label
        for model in apps.get_models()
        if model is Person
        or any(
            field.is_relation and field.many_to_one and field.related_model is Person
            for field in model._meta.get_fields()
        )
    }
    assert storing_people <= set(PERSONAL_DATA), storing_people - set(PERSONAL_DATA)


# Models whose e-mail field is an institution's own address, not a person's.
# Models whose e-mail is an institution's own address, not a person's.
INSTITUTIONAL_ADDRESSES = {"registry.Organisation", "programme.Programme", "content.Identity"}


def test_every_model_with_a_name_or_e_mail_field_declares_its_personal_fields():
    """A model can hold a person without pointing to Person (a request awaiting confirmation)."""
    holding_contact_details = {
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label not in {"auth", "admin"}
        and model._meta.label not in INSTITUTIONAL_ADDRESSES
        and any(
            isinstance(field, models.EmailField) or field.name in {"first_name", "last_name"}
            for field in model._meta.get_fields()
        )
    }
    assert holding_contact_details <= set(PERSONAL_DATA), holding_contact_details - set(
        PERSONAL_DATA
    )
