from django.apps import apps

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
