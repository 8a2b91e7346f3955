import datetime

import factory

from partnerstwa.lib.text import fold
from partnerstwa.registry.models import (
    Association,
    AssociationMembership,
    Organisation,
    OrganisationKind,
    Person,
    TerritorialUnit,
    UnitLevel,
    UnitType,
)

REGISTER_DATE = datetime.date(2022, 1, 1)


class TerritorialUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TerritorialUnit
        django_get_or_create = ("code",)

    code = "02"
    level = UnitLevel.VOIVODESHIP
    unit_type = ""
    name = "DOLNOŚLĄSKIE"
    name_extra = "województwo"
    name_folded = factory.LazyAttribute(lambda unit: fold(unit.name))
    valid_from = REGISTER_DATE


def voivodeship(code: str = "02", name: str = "DOLNOŚLĄSKIE") -> TerritorialUnit:
    return TerritorialUnitFactory(code=code, name=name)


def powiat(code: str = "0201", name: str = "bolesławiecki") -> TerritorialUnit:
    extra = "miasto na prawach powiatu" if int(code[2:4]) >= 61 else "powiat"
    return TerritorialUnitFactory(
        code=code, level=UnitLevel.POWIAT, name=name, name_extra=extra, parent=voivodeship(code[:2])
    )


def gmina(code: str = "0201011", name: str = "Bolesławiec") -> TerritorialUnit:
    unit_type = code[6]
    return TerritorialUnitFactory(
        code=code,
        level=UnitLevel.GMINA,
        unit_type=unit_type,
        name=name,
        name_extra=UnitType(unit_type).label,
        parent=powiat(code[:4]),
    )


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.NGO
    name = factory.Sequence(lambda n: f"Stowarzyszenie {n}")


def local_government(unit: TerritorialUnit, **kwargs) -> Organisation:
    kind = {
        UnitLevel.GMINA: OrganisationKind.GMINA,
        UnitLevel.POWIAT: OrganisationKind.POWIAT,
        UnitLevel.VOIVODESHIP: OrganisationKind.VOIVODESHIP,
    }[unit.level]
    return OrganisationFactory(
        kind=kind, name=f"Samorząd {unit.name}", territorial_unit=unit, **kwargs
    )


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association
        django_get_or_create = ("code",)

    code = "ZMP"
    name = "Związek Miast Polskich"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssociationMembership

    association = factory.SubFactory(AssociationFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    joined_on = datetime.date(2010, 1, 1)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = "Anna"
    last_name = factory.Sequence(lambda n: f"Kowalska{n}")
    email = factory.LazyAttribute(lambda p: f"{p.last_name.lower()}@example.org")
