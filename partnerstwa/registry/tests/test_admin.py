import datetime

import pytest
from django.urls import reverse

from partnerstwa.registry.models import Association, Organisation
from partnerstwa.registry.services import membership_create, organisation_create
from partnerstwa.registry.tests.factories import OrganisationFactory, gmina


def add_form(**fields):
    data = {
        "kind": "gmina",
        "territorial_unit": "",
        "name": "",
        "short_name": "",
        "nip": "",
        "regon": "",
        "krs": "",
        "address": "",
        "website": "",
        "email": "",
    }
    for prefix in ("memberships", "affiliations"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(fields)
    return data


@pytest.mark.django_db
def test_creating_a_local_government_in_the_admin_takes_the_name_of_its_unit(admin_client):
    unit = gmina("0201022", "Bolesławiec")
    response = admin_client.post(
        reverse("admin:registry_organisation_add"), add_form(territorial_unit=unit.pk)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Organisation.objects.get().name == "Gmina Bolesławiec"


@pytest.mark.django_db
def test_the_admin_shows_polish_errors_for_a_bad_nip_and_a_unit_of_the_wrong_level(admin_client):
    unit = gmina("0201022", "Bolesławiec")
    response = admin_client.post(
        reverse("admin:registry_organisation_add"),
        add_form(kind="powiat", territorial_unit=unit.pk, nip="1234567890"),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "nie jest prawidłowym numerem NIP" in content
    assert "musi wskazywać jednostkę poziomu" in content
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_the_admin_refuses_a_second_organisation_for_one_unit(admin_client):
    unit = gmina("0201011")
    organisation_create(kind="gmina", territorial_unit=unit)
    response = admin_client.post(
        reverse("admin:registry_organisation_add"), add_form(territorial_unit=unit.pk)
    )
    assert "ma już organizację" in response.content.decode()
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_organisation_list_filters_by_voivodeship_kind_and_current_membership(admin_client):
    lower_silesian = organisation_create(kind="gmina", territorial_unit=gmina("0201011"))
    masovian = organisation_create(kind="gmina", territorial_unit=gmina("1465011", "Warszawa"))
    ngo = OrganisationFactory(name="Fundacja Rozwoju")
    membership_create(
        association=Association.objects.get(code="ZMP"),
        organisation=masovian,
        joined_on=datetime.date(1990, 1, 1),
    )
    url = reverse("admin:registry_organisation_changelist")

    def listed(**params):
        return set(admin_client.get(url, params).context["cl"].result_list)

    assert listed(voivodeship="02") == {lower_silesian}
    assert listed(kind="ngo") == {ngo}
    assert listed(member_of="ZMP") == {masovian}
    assert listed(q="Fundacja") == {ngo}


@pytest.mark.django_db
def test_admin_unit_search_ignores_diacritics(admin_client):
    lodz = gmina("1061011", "Łódź")
    response = admin_client.get(reverse("admin:registry_territorialunit_changelist"), {"q": "lodz"})
    assert list(response.context["cl"].result_list) == [lodz]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "registry_territorialunit",
        "registry_organisation",
        "registry_association",
        "registry_associationmembership",
        "registry_person",
        "registry_terytimport",
        "programme_programme",
    ],
)
def test_every_admin_list_opens_in_polish(admin_client, name):
    gmina("0201011")
    response = admin_client.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200
    assert '<html lang="pl"' in response.content.decode()


@pytest.mark.django_db
def test_the_register_cannot_be_edited_by_hand_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:registry_territorialunit_add")).status_code == 403


@pytest.mark.django_db
def test_the_back_office_is_closed_to_anonymous_visitors(client):
    response = client.get(reverse("admin:registry_person_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
