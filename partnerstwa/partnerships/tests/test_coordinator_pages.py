import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerstwa.partnerships.models import Deliverable, Partnership, Project
from partnerstwa.partnerships.services import (
    deliverable_save,
    member_add,
    project_save,
    support_engagement_create,
)
from partnerstwa.partnerships.tests.factories import PartnershipFactory, gmina_organisation
from partnerstwa.registry.tests.factories import PersonFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def furnished(name: str, code: str) -> dict:
    """A partnership with one of each thing a coordinator edits."""
    partnership = PartnershipFactory(name=name, slug=name.lower())
    member = member_add(
        partnership=partnership, organisation=gmina_organisation(code), role="leader"
    )
    project = project_save(partnership=partnership, title=f"Projekt {name}", grant=Decimal("10.00"))
    deliverable = deliverable_save(partnership=partnership, kind="study", title=f"Studium {name}")
    engagement = support_engagement_create(
        partnership=partnership,
        date=datetime.date(2014, 1, 1),
        expert=PersonFactory(),
        hours=Decimal("2"),
        form="consulting",
        topic="Temat",
    )
    return {
        "partnership": partnership,
        "member": member,
        "project": project,
        "deliverable": deliverable,
        "engagement": engagement,
    }


def edit_urls(slug: str, things: dict) -> list[tuple[str, str]]:
    """Every coordinator URL, as (method, url), for the objects of `things`."""
    return [
        ("get", reverse("partnerships:edit", args=[slug])),
        ("post", reverse("partnerships:edit", args=[slug])),
        ("get", reverse("partnerships:member_contact", args=[slug, things["member"].pk])),
        ("post", reverse("partnerships:member_contact", args=[slug, things["member"].pk])),
        ("get", reverse("partnerships:project_add", args=[slug])),
        ("post", reverse("partnerships:project_add", args=[slug])),
        ("get", reverse("partnerships:project_edit", args=[slug, things["project"].pk])),
        ("post", reverse("partnerships:project_edit", args=[slug, things["project"].pk])),
        ("post", reverse("partnerships:project_delete", args=[slug, things["project"].pk])),
        ("get", reverse("partnerships:deliverable_add", args=[slug])),
        ("post", reverse("partnerships:deliverable_add", args=[slug])),
        ("get", reverse("partnerships:deliverable_edit", args=[slug, things["deliverable"].pk])),
        ("post", reverse("partnerships:deliverable_edit", args=[slug, things["deliverable"].pk])),
        ("post", reverse("partnerships:deliverable_delete", args=[slug, things["deliverable"].pk])),
        ("get", reverse("partnerships:support_notes", args=[slug, things["engagement"].pk])),
        ("post", reverse("partnerships:support_notes", args=[slug, things["engagement"].pk])),
    ]


@pytest.fixture
def world(db):
    own = furnished("Wlasne", "0201011")
    foreign = furnished("Obce", "0201022")
    coordinator = get_user_model().objects.create_user("koordynator", password="haslo-testowe-1")
    own["partnership"].coordinators.add(coordinator)
    return {"own": own, "foreign": foreign, "coordinator": coordinator}


def snapshot():
    return (
        list(Partnership.objects.values()),
        list(Project.objects.values()),
        list(Deliverable.objects.values()),
    )


def test_every_edit_url_of_a_foreign_partnership_is_out_of_reach(client, world):
    client.force_login(world["coordinator"])
    before = snapshot()
    for method, url in edit_urls(world["foreign"]["partnership"].slug, world["foreign"]):
        response = getattr(client, method)(url, {"description": "x", "title": "x", "notes": "x"})
        assert response.status_code == 404, (method, url, response.status_code)
    assert snapshot() == before


def test_a_foreign_object_under_the_coordinators_own_partnership_is_out_of_reach(client, world):
    client.force_login(world["coordinator"])
    before = snapshot()
    own_slug = world["own"]["partnership"].slug
    own_partnership_urls = {url for _m, url in edit_urls(own_slug, world["own"])}
    for method, url in edit_urls(own_slug, world["foreign"]):
        if url in own_partnership_urls:
            continue  # URLs with no object in them
        response = getattr(client, method)(url, {"title": "x", "notes": "x"})
        assert response.status_code == 404, (method, url, response.status_code)
    assert snapshot() == before


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for method, url in edit_urls(world["own"]["partnership"].slug, world["own"]):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith("/logowanie/")


def test_the_coordinator_and_staff_reach_every_edit_page(client, admin_client, world):
    client.force_login(world["coordinator"])
    for browser in (client, admin_client):
        for method, url in edit_urls(world["own"]["partnership"].slug, world["own"]):
            if method == "get":
                assert browser.get(url).status_code == 200, url
    for method, url in edit_urls(world["foreign"]["partnership"].slug, world["foreign"]):
        if method == "get":
            assert admin_client.get(url).status_code == 200, url


def test_a_coordinator_edits_the_description(client, world):
    client.force_login(world["coordinator"])
    slug = world["own"]["partnership"].slug
    response = client.post(
        reverse("partnerships:edit", args=[slug]),
        {"description": "Nowy opis", "website": "https://example.org"},
    )
    assert response.status_code == 302
    assert Partnership.objects.get(slug=slug).description == "Nowy opis"


def test_a_coordinator_adds_a_project_whose_amounts_must_add_up(client, world):
    client.force_login(world["coordinator"])
    url = reverse("partnerships:project_add", args=[world["own"]["partnership"].slug])
    data = {
        "title": "Strategia",
        "funding_programme_name": "MF EOG 2009–2014",
        "total_value": "100,00",
        "grant": "85,00",
        "own_contribution": "16,00",
        "status": "planned",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "muszą sumować się" in response.content.decode()
    assert not Project.objects.filter(title="Strategia").exists()

    data["own_contribution"] = ""
    assert client.post(url, data).status_code == 302
    project = Project.objects.get(title="Strategia")
    assert project.own_contribution == Decimal("15.00")
    assert project.funding_programme.name == "MF EOG 2009–2014"


def test_a_coordinator_sets_a_members_contact_person(client, world):
    client.force_login(world["coordinator"])
    member = world["own"]["member"]
    url = reverse("partnerships:member_contact", args=[world["own"]["partnership"].slug, member.pk])
    response = client.post(
        url,
        {
            "first_name": "Jan",
            "last_name": "Nowak",
            "email": "jan@example.org",
            "position": "Sekretarz",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.contact_person.first_name, member.contact_person.last_name) == ("Jan", "Nowak")
    assert (member.contact_email, member.contact_position) == ("jan@example.org", "Sekretarz")
    assert member.contact_person.affiliations.get().position == "Sekretarz"


def test_a_coordinator_uploads_a_document_and_the_public_downloads_it_as_an_attachment(
    client, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world["coordinator"])
    slug = world["own"]["partnership"].slug
    response = client.post(
        reverse("partnerships:deliverable_add", args=[slug]),
        {
            "kind": "strategy",
            "title": "Strategia",
            "status": "planned",
            "file": SimpleUploadedFile(
                "Strategia rozwoju (wersja ŁĄCZNA).pdf", PDF, "application/pdf"
            ),
        },
    )
    assert response.status_code == 302
    deliverable = Deliverable.objects.get(title="Strategia")
    assert deliverable.file.name.startswith("deliverables/")
    assert deliverable.file.name.endswith("/strategia-rozwoju-wersja-laczna.pdf")

    client.logout()
    download = client.get(reverse("partnerships:deliverable_file", args=[slug, deliverable.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF


def test_a_planned_document_with_an_adoption_date_is_refused_in_polish(client, world):
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("partnerships:deliverable_add", args=[world["own"]["partnership"].slug]),
        {"kind": "strategy", "title": "Plan", "status": "planned", "adopted_on": "2015-01-01"},
    )
    assert response.status_code == 200
    assert "Tylko przyjęty dokument ma datę przyjęcia." in response.content.decode()
    assert not Deliverable.objects.filter(title="Plan").exists()


def test_a_disguised_file_is_refused_and_nothing_is_saved(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("partnerships:deliverable_add", args=[world["own"]["partnership"].slug]),
        {
            "kind": "strategy",
            "title": "Podstęp",
            "status": "planned",
            "file": SimpleUploadedFile(
                "strategia.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/pdf"
            ),
        },
    )
    assert response.status_code == 200
    assert "nie jest dokumentem" in response.content.decode()
    assert not Deliverable.objects.filter(title="Podstęp").exists()
    assert not list(tmp_path.rglob("*.pdf"))


def test_the_support_notes_are_editable_but_the_support_record_is_not(client, world):
    client.force_login(world["coordinator"])
    engagement = world["own"]["engagement"]
    url = reverse(
        "partnerships:support_notes", args=[world["own"]["partnership"].slug, engagement.pk]
    )
    client.post(url, {"notes": "Uzgodniono harmonogram", "hours": "99", "topic": "zmieniony"})
    engagement.refresh_from_db()
    assert engagement.notes == "Uzgodniono harmonogram"
    assert engagement.hours == Decimal("2") and engagement.topic == "Temat"


def test_the_support_notes_page_names_the_day_in_the_genitive(client, world):
    """Issue 11: "Notatki do wsparcia z 1 stycznia 2014", never an ISO date."""
    client.force_login(world["coordinator"])
    engagement = world["own"]["engagement"]
    url = reverse(
        "partnerships:support_notes", args=[world["own"]["partnership"].slug, engagement.pk]
    )
    content = client.get(url).content.decode()
    assert "Notatki do wsparcia z 1 stycznia 2014: Temat" in content
    assert "2014-01-01" not in content


def test_coordinator_pages_mark_a_made_up_partnership_and_not_a_real_one(client, world):
    """Issue 11: the one mark, on the coordinator's list and edit page too."""
    client.force_login(world["coordinator"])
    partnership = world["own"]["partnership"]
    edit = reverse("partnerships:edit", args=[partnership.slug])
    assert "tag-illustrative" not in client.get(edit).content.decode()
    assert "tag-illustrative" not in client.get(reverse("partnerships:mine")).content.decode()
    type(partnership).objects.filter(pk=partnership.pk).update(is_illustrative=True)
    assert "tag-illustrative" in client.get(edit).content.decode()
    assert "tag-illustrative" in client.get(reverse("partnerships:mine")).content.decode()


def test_my_partnerships_lists_only_the_coordinated_ones(client, world):
    client.force_login(world["coordinator"])
    content = client.get(reverse("partnerships:mine")).content.decode()
    assert "Wlasne" in content and "Obce" not in content


def test_a_coordinator_cannot_take_over_another_persons_record_by_email(client, world):
    someone = PersonFactory(first_name="Zofia", last_name="Obca", email="zofia@example.org")
    client.force_login(world["coordinator"])
    member = world["own"]["member"]
    url = reverse("partnerships:member_contact", args=[world["own"]["partnership"].slug, member.pk])
    response = client.post(
        url, {"first_name": "Ktoś", "last_name": "Inny", "email": "ZOFIA@example.org"}
    )
    assert response.status_code == 302
    someone.refresh_from_db()
    assert (someone.first_name, someone.last_name) == ("Zofia", "Obca")
    member.refresh_from_db()
    assert member.contact_person != someone
    assert member.contact_person.email == ""


def test_replaced_and_deleted_files_leave_the_disk(
    client, world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world["coordinator"])
    slug = world["own"]["partnership"].slug
    data = {"kind": "strategy", "title": "Plik", "status": "planned"}
    client.post(
        reverse("partnerships:deliverable_add", args=[slug]),
        {**data, "file": SimpleUploadedFile("a.pdf", PDF)},
    )
    deliverable = Deliverable.objects.get(title="Plik")
    first = tmp_path / deliverable.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("partnerships:deliverable_edit", args=[slug, deliverable.pk]),
            {**data, "file": SimpleUploadedFile("b.pdf", PDF)},
        )
    deliverable.refresh_from_db()
    second = tmp_path / deliverable.file.name
    assert not first.exists() and second.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("partnerships:deliverable_delete", args=[slug, deliverable.pk]))
    assert not second.exists()
