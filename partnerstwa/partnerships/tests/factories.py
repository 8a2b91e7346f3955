import datetime

import factory

from partnerstwa.partnerships.models import Partnership, Project
from partnerstwa.partnerships.services import member_add
from partnerstwa.registry.models import OrganisationKind
from partnerstwa.registry.services import organisation_create
from partnerstwa.registry.tests.factories import OrganisationFactory, gmina, powiat


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnerstwo {n:03d}")
    slug = factory.Sequence(lambda n: f"partnerstwo-{n:03d}")
    formed_on = datetime.date(2013, 1, 1)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Projekt {n}")


def gmina_organisation(code: str, name: str = ""):
    unit = gmina(code, name or f"Gmina{code}")
    return unit.organisations.first() or organisation_create(kind="gmina", territorial_unit=unit)


def powiat_organisation(code: str, name: str = ""):
    unit = powiat(code, name or f"powiat{code}")
    return unit.organisations.first() or organisation_create(kind="powiat", territorial_unit=unit)


def partnership_with_members(
    *, leader_code="0201011", member_codes=("0201022",), ngo=0, business=0, **kwargs
):
    """A partnership led by a gmina, with gmina members and some NGOs and businesses."""
    partnership = PartnershipFactory(**kwargs)
    member_add(partnership=partnership, organisation=gmina_organisation(leader_code), role="leader")
    for code in member_codes:
        member_add(partnership=partnership, organisation=gmina_organisation(code))
    for _ in range(ngo):
        member_add(
            partnership=partnership, organisation=OrganisationFactory(kind=OrganisationKind.NGO)
        )
    for _ in range(business):
        member_add(
            partnership=partnership,
            organisation=OrganisationFactory(kind=OrganisationKind.BUSINESS),
        )
    return partnership
