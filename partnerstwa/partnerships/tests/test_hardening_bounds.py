"""Finding 9 of issue 9: implausible values are refused by the one set of bounds (lib/bounds.py),
wherever a partnership, the programme or a registry record is written; and a link saved before
the bounds held is never rendered as a non-web href."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms import modelform_factory
from django.urls import reverse

from partnerstwa.partnerships.models import Deliverable, Partnership, Project
from partnerstwa.partnerships.services import partnership_update
from partnerstwa.partnerships.tests.factories import PartnershipFactory
from partnerstwa.programme.models import Programme
from partnerstwa.registry.models import Affiliation, Association, Organisation, Person
from partnerstwa.registry.tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db
NEXT_YEAR = datetime.date.today().year + 1


@pytest.fixture
def coordinated(client):
    partnership = PartnershipFactory(name="Własne", slug="wlasne")
    coordinator = get_user_model().objects.create_user("koordynator", password="x")
    partnership.coordinators.add(coordinator)
    client.force_login(coordinator)
    return partnership


def test_finding_9_a_500000_character_description_is_refused(client, coordinated):
    response = client.post(
        reverse("partnerships:edit", args=[coordinated.slug]),
        {"description": "a" * 500_000, "website": ""},
    )
    assert response.status_code == 200
    assert "najwyżej 20" in response.content.decode()
    assert Partnership.objects.get(pk=coordinated.pk).description == ""


def test_finding_9_a_javascript_website_is_refused(client, coordinated):
    response = client.post(
        reverse("partnerships:edit", args=[coordinated.slug]),
        {"description": "", "website": "javascript:alert(1)"},
    )
    assert response.status_code == 200
    assert Partnership.objects.get(pk=coordinated.pk).website == ""


@pytest.mark.parametrize(
    "sources",
    ["javascript:alert(1)", "https://example.org\njavascript:alert(document.cookie)", "data:x"],
)
def test_finding_9_staff_entered_sources_must_be_web_links(sources):
    partnership = PartnershipFactory()
    with pytest.raises(ValidationError) as error:
        partnership_update(partnership=partnership, sources=sources)
    assert "sources" in error.value.message_dict
    assert Partnership.objects.get(pk=partnership.pk).sources == ""


def test_finding_9_the_back_office_refuses_javascript_sources(admin_client):
    partnership = PartnershipFactory(name="Stare", slug="stare")
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    data = {
        "name_pl": "Stare",  # the back office edits both languages side by side
        "slug": "stare",
        "area_kind": "other",
        "status": "active",
        "sources": "javascript:alert(1)",
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
        "projects-TOTAL_FORMS": "0",
        "projects-INITIAL_FORMS": "0",
        "former_slugs-TOTAL_FORMS": "0",
        "former_slugs-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "http://" in response.content.decode()
    data["sources"] = "https://example.org/zrodlo"
    assert admin_client.post(url, data).status_code == 302  # the form itself is complete
    partnership.refresh_from_db()
    assert partnership.sources == "https://example.org/zrodlo"
    Partnership.objects.filter(pk=partnership.pk).update(sources="")


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", f"{NEXT_YEAR + 40}-01-01"])
@pytest.mark.parametrize("field", ["starts_on", "ends_on"])
def test_finding_9_a_project_date_outside_the_bounds_is_refused(client, coordinated, day, field):
    response = client.post(
        reverse("partnerships:project_add", args=[coordinated.slug]),
        {"title": "Projekt", "status": "planned", field: day},
    )
    assert response.status_code == 200
    assert not Project.objects.exists()


def test_finding_9_an_adoption_date_in_the_future_is_refused(client, coordinated):
    response = client.post(
        reverse("partnerships:deliverable_add", args=[coordinated.slug]),
        {
            "kind": "strategy",
            "title": "Strategia",
            "status": "adopted",
            "adopted_on": f"{NEXT_YEAR}-01-01",
            "adopting_resolution": "Uchwała nr 1",
        },
    )
    assert response.status_code == 200
    assert "w przyszłości" in response.content.decode()
    assert not Deliverable.objects.exists()


@pytest.mark.parametrize("field", ["first_name", "last_name", "position", "phone"])
def test_finding_9_line_breaks_in_a_contact_are_refused(client, coordinated, field):
    from partnerstwa.partnerships.services import member_add
    from partnerstwa.partnerships.tests.factories import gmina_organisation

    member = member_add(
        partnership=coordinated, organisation=gmina_organisation("0201011"), role="leader"
    )
    data = {"first_name": "Jan", "last_name": "Nowak", "position": "", "phone": ""}
    data[field] = "Jan\r\nBcc: ofiara@example.org"
    response = client.post(
        reverse("partnerships:member_contact", args=[coordinated.slug, member.pk]), data
    )
    assert response.status_code == 200
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("make", "field", "value"),
    [
        (lambda: PersonFactory(), "first_name", "Jan\nBcc: x@example.org"),
        (lambda: PersonFactory(), "last_name", "Nowak\r"),
        (lambda: OrganisationFactory(kind="ngo"), "name", "Fundacja\nBcc: x@example.org"),
        (lambda: OrganisationFactory(kind="ngo"), "website", "javascript:alert(1)"),
        (lambda: OrganisationFactory(kind="ngo"), "address", "x" * 20_001),
        (lambda: Association.objects.create(code="zz", name="Z"), "name", "Z\nY"),
        (lambda: Association.objects.create(code="zz", name="Z"), "website", "data:text/html,x"),
        (
            lambda: Affiliation(
                person=PersonFactory(), organisation=OrganisationFactory(kind="ngo")
            ),
            "started_on",
            datetime.date(1, 1, 1),
        ),
    ],
)
def test_finding_9_registry_records_refuse_control_characters_and_non_web_links(make, field, value):
    record = make()
    setattr(record, field, value)
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert field in error.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("website", "javascript:alert(1)"),
        ("sources", "https://example.org\njavascript:alert(1)"),
        ("description", "x" * 20_001),
        ("name", "Program\r\nBcc: x@example.org"),
        ("starts_on", datetime.date(9999, 12, 31)),
        ("agreement_signed_on", datetime.date(NEXT_YEAR + 1, 1, 1)),
    ],
)
def test_finding_9_the_programme_refuses_implausible_values(field, value):
    programme = Programme(name="Program", operator="Operator")
    setattr(programme, field, value)
    with pytest.raises(ValidationError) as error:
        programme.full_clean()
    assert field in error.value.message_dict


def test_finding_9_links_saved_before_the_bounds_are_never_rendered_as_hrefs(client):
    partnership = PartnershipFactory(name="Stare", slug="stare")
    Partnership.objects.filter(pk=partnership.pk).update(
        website="javascript:alert(1)",
        sources="javascript:alert(2)\nhttps://example.org/zrodlo\n JaVaScRiPt://x",
    )
    content = client.get(reverse("partnerships:detail", args=["stare"])).content.decode()
    assert 'href="https://example.org/zrodlo"' in content
    assert 'href="javascript' not in content.lower() and 'href=" javascript' not in content.lower()


def test_finding_9_a_programme_link_saved_before_the_bounds_is_never_an_href(client):
    Programme.objects.create(
        name="Program", operator="Operator", sources="javascript:alert(1)\nhttps://example.org"
    )
    content = client.get("/").content.decode()
    assert 'href="https://example.org"' in content
    assert 'href="javascript' not in content


def test_finding_9_an_organisation_website_saved_before_the_bounds_is_never_an_href(client):
    from partnerstwa.partnerships.tests.factories import gmina_organisation

    organisation = gmina_organisation("0201011")
    Organisation.objects.filter(pk=organisation.pk).update(website="javascript:alert(1)")
    content = client.get(reverse("registry:unit_detail", args=["0201011"])).content.decode()
    assert "javascript:alert" in content  # shown as text
    assert 'href="javascript' not in content


@pytest.mark.parametrize("amount", ["1e3", "١٠٠", "-5", "1 000 000 000 000"])
def test_finding_9_the_back_office_refuses_amounts_in_other_notations(admin_client, amount):
    partnership = PartnershipFactory(name="Kwoty", slug="kwoty")
    data = {
        "partnership": partnership.pk,
        "title_pl": "Projekt",  # the back office edits both languages side by side
        "total_value": amount,
        "grant": "",
        "own_contribution": "0",
        "status": "planned",
    }
    response = admin_client.post(reverse("admin:partnerships_project_add"), data)
    assert response.status_code == 200
    assert not Project.objects.exists()
    data["total_value"] = "2 153 204,01"
    assert admin_client.post(reverse("admin:partnerships_project_add"), data).status_code == 302
    assert Project.objects.get().grant == Decimal("2153204.01")


@pytest.mark.parametrize("amount", ["1e3", "١٠٠"])
def test_finding_9_the_programme_form_refuses_amounts_in_other_notations(amount):
    form = modelform_factory(Programme, fields=["value_pln"])(data={"value_pln": amount})
    assert not form.is_valid() and "value_pln" in form.errors
    assert modelform_factory(Programme, fields=["value_pln"])(
        data={"value_pln": "10 622 115,00"}
    ).is_valid()
