import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnerstwa.registry.models import Organisation, OrganisationKind
from partnerstwa.registry.services import default_organisation_name, organisation_create
from partnerstwa.registry.tests.factories import gmina, powiat, voivodeship

VALID_NIP = "7791011327"  # Miasto Poznań's NIP; the checksum is what matters here
VALID_REGON = "631257816"


@pytest.mark.django_db
def test_a_local_government_takes_its_name_from_its_unit():
    assert organisation_create(
        kind="gmina", territorial_unit=gmina("0201022", "Bolesławiec")
    ).name == ("Gmina Bolesławiec")
    assert organisation_create(kind="gmina", territorial_unit=gmina("0201011")).name == (
        "Miasto Bolesławiec"
    )
    assert organisation_create(kind="powiat", territorial_unit=powiat("0201")).name == (
        "Powiat bolesławiecki"
    )
    assert organisation_create(kind="wojewodztwo", territorial_unit=voivodeship("02")).name == (
        "Województwo dolnośląskie"
    )
    assert default_organisation_name(powiat("0261", "Jelenia Góra")) == "Miasto Jelenia Góra"


@pytest.mark.django_db
def test_nip_and_regon_are_checked_and_stored_without_separators():
    organisation = organisation_create(
        kind="ngo", name="Fundacja", nip="779-101-13-27", regon=VALID_REGON, krs="0000123456"
    )
    assert organisation.nip == VALID_NIP and organisation.regon == VALID_REGON


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nip", "7791011328", "nie jest prawidłowym numerem NIP"),
        ("nip", "12345", "nie jest prawidłowym numerem NIP"),
        ("regon", "631257817", "nie jest prawidłowym numerem REGON"),
        ("krs", "12345", "10 cyfr"),
    ],
)
def test_a_wrong_identifier_is_refused_with_a_polish_message(field, value, message):
    with pytest.raises(ValidationError) as error:
        organisation_create(kind="ngo", name="Fundacja", **{field: value})
    assert message in " ".join(error.value.message_dict[field])
    assert not Organisation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "unit_factory"),
    [
        ("gmina", lambda: powiat("0201")),
        ("powiat", lambda: gmina("0201011")),
        ("wojewodztwo", lambda: powiat("0201")),
        ("gmina", lambda: voivodeship("02")),
    ],
)
def test_a_local_government_must_point_to_a_unit_of_its_own_level(kind, unit_factory):
    with pytest.raises(ValidationError) as error:
        organisation_create(kind=kind, territorial_unit=unit_factory())
    assert "musi wskazywać jednostkę poziomu" in " ".join(
        error.value.message_dict["territorial_unit"]
    )


@pytest.mark.django_db
def test_a_local_government_needs_a_unit_and_others_may_not_have_one():
    with pytest.raises(ValidationError) as error:
        organisation_create(kind="gmina", name="Gmina bez jednostki")
    assert "territorial_unit" in error.value.message_dict
    with pytest.raises(ValidationError):
        organisation_create(kind="ngo", name="Stowarzyszenie", territorial_unit=gmina())


@pytest.mark.django_db
def test_one_organisation_per_unit_is_enforced_by_the_form_and_the_database():
    unit = gmina("0201011")
    organisation_create(kind="gmina", territorial_unit=unit)
    with pytest.raises(ValidationError) as error:
        organisation_create(kind="gmina", territorial_unit=unit, name="Drugi urząd")
    assert "ma już organizację" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(kind="gmina", name="Obejście", territorial_unit=unit)


@pytest.mark.django_db
def test_the_database_refuses_a_unit_on_an_organisation_that_is_not_a_local_government():
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(kind="ngo", name="NGO", territorial_unit=gmina())


@pytest.mark.django_db
def test_cities_are_urban_and_urban_rural_gminas_including_cities_with_powiat_rights():
    urban = organisation_create(kind="gmina", territorial_unit=gmina("0201011"))
    rural = organisation_create(kind="gmina", territorial_unit=gmina("0201022"))
    urban_rural = organisation_create(
        kind="gmina", territorial_unit=gmina("0201033", "Nowogrodziec")
    )
    city_county = organisation_create(
        kind="gmina", territorial_unit=gmina("0261011", "Jelenia Góra")
    )
    county = organisation_create(kind="powiat", territorial_unit=powiat("0201"))

    assert set(Organisation.objects.cities()) == {urban, urban_rural, city_county}
    assert [o.is_city for o in (urban, rural, urban_rural, city_county, county)] == [
        True,
        False,
        True,
        True,
        False,
    ]
    assert set(Organisation.objects.local_governments()) == {
        urban,
        rural,
        urban_rural,
        city_county,
        county,
    }
    assert (
        county.is_local_government
        and not Organisation(kind=OrganisationKind.NGO).is_local_government
    )
