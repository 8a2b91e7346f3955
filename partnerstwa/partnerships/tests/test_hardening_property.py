"""Issue 9's acceptance property for partnerships, the portal and the registry (findings 2, 4
and 9): random text, dates, numbers and files sent to every coordinator form — the description,
contact people, projects, documents, support notes — to the sign-in form, and to the public
partnership list's filters and the registry search never give a 500 or an unhandled exception,
and a rejected input changes no row."""

import datetime
import os
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from partnerstwa.lib.tests.hostile import DAY, FAST, NUMBER, TEXT
from partnerstwa.partnerships.models import (
    Deliverable,
    FundingProgramme,
    Partnership,
    PartnershipMember,
    Project,
    SupportEngagement,
)
from partnerstwa.partnerships.services import (
    deliverable_save,
    member_add,
    project_save,
    support_engagement_create,
)
from partnerstwa.partnerships.tests.factories import PartnershipFactory, gmina_organisation
from partnerstwa.registry.models import Affiliation, Person
from partnerstwa.registry.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
UPLOAD = st.one_of(
    st.binary(max_size=300),
    st.just(PDF),
    st.just(b"MZ\x90\x00" + b"\x00" * 100),
)
FILE_NAME = st.one_of(st.text(max_size=30), st.sampled_from(["a.pdf", "../../etc.pdf", ".pdf"]))


def rows() -> dict:
    models = [
        Partnership,
        PartnershipMember,
        Project,
        Deliverable,
        SupportEngagement,
        FundingProgramme,
        Person,
        Affiliation,
    ]
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


@pytest.fixture
def world(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    partnership = PartnershipFactory(name="Własne", slug="wlasne")
    member = member_add(
        partnership=partnership, organisation=gmina_organisation("0201011"), role="leader"
    )
    shared = PersonFactory(first_name="Zofia", last_name="Obca", email="zofia@example.org")
    member.contact_person = shared
    member.save(update_fields=["contact_person"])
    project = project_save(partnership=partnership, title="Projekt", grant=Decimal("10.00"))
    deliverable = deliverable_save(partnership=partnership, kind="study", title="Studium")
    engagement = support_engagement_create(
        partnership=partnership,
        date=datetime.date(2014, 1, 1),
        expert=PersonFactory(),
        hours=Decimal("2"),
        form="consulting",
        topic="Temat",
    )
    coordinator = get_user_model().objects.create_user("koordynator", password="haslo-1")
    partnership.coordinators.add(coordinator)
    client = Client(raise_request_exception=True)
    client.force_login(coordinator)
    slug = partnership.slug
    return {
        "client": client,
        "urls": {
            "edit": reverse("partnerships:edit", args=[slug]),
            "contact": reverse("partnerships:member_contact", args=[slug, member.pk]),
            "project_add": reverse("partnerships:project_add", args=[slug]),
            "project_edit": reverse("partnerships:project_edit", args=[slug, project.pk]),
            "deliverable_add": reverse("partnerships:deliverable_add", args=[slug]),
            "deliverable_edit": reverse(
                "partnerships:deliverable_edit", args=[slug, deliverable.pk]
            ),
            "notes": reverse("partnerships:support_notes", args=[slug, engagement.pk]),
        },
        "shared": shared,
    }


def _post(world, name: str, data: dict):
    before = rows()
    response = world["client"].post(world["urls"][name], data)
    assert response.status_code in (200, 302), (name, response.status_code)
    if response.status_code != 302:
        assert rows() == before, f"{name}: a refused input changed rows"
    shared = world["shared"]
    shared.refresh_from_db()
    assert (shared.first_name, shared.last_name, shared.email) == (
        "Zofia",
        "Obca",
        "zofia@example.org",
    )
    return response


@FAST
@given(description=TEXT, website=TEXT)
def test_the_description_form_survives_any_input(world, description, website):
    _post(world, "edit", {"description": description, "website": website})


@FAST
@given(
    first_name=TEXT,
    last_name=TEXT,
    email=st.one_of(TEXT, st.emails(), st.just("ZOFIA@example.org")),
    phone=TEXT,
    position=TEXT,
)
def test_the_contact_form_survives_any_input_and_never_rewrites_a_shared_person(
    world, first_name, last_name, email, phone, position
):
    _post(
        world,
        "contact",
        {
            "first_name": first_name,
            "last_name": last_name,
            "email": email,
            "phone": phone,
            "position": position,
        },
    )


@FAST
@given(
    target=st.sampled_from(["project_add", "project_edit"]),
    title=TEXT,
    reference=TEXT,
    programme=TEXT,
    amounts=st.tuples(NUMBER, NUMBER, NUMBER),
    starts_on=DAY,
    ends_on=DAY,
    status=st.one_of(st.sampled_from(["planned", "completed"]), TEXT),
)
def test_the_project_forms_survive_any_input(
    world, target, title, reference, programme, amounts, starts_on, ends_on, status
):
    _post(
        world,
        target,
        {
            "title": title,
            "reference": reference,
            "funding_programme_name": programme,
            "total_value": amounts[0],
            "grant": amounts[1],
            "own_contribution": amounts[2],
            "starts_on": starts_on,
            "ends_on": ends_on,
            "status": status,
        },
    )


@FAST
@given(
    target=st.sampled_from(["deliverable_add", "deliverable_edit"]),
    kind=st.one_of(st.just("strategy"), TEXT),
    title=TEXT,
    status=st.one_of(st.sampled_from(["planned", "adopted"]), TEXT),
    adopted_on=DAY,
    resolution=TEXT,
    upload=st.one_of(st.none(), st.tuples(FILE_NAME, UPLOAD)),
)
def test_the_document_forms_survive_any_input_and_file(
    world, target, kind, title, status, adopted_on, resolution, upload
):
    data = {
        "kind": kind,
        "title": title,
        "status": status,
        "adopted_on": adopted_on,
        "adopting_resolution": resolution,
    }
    if upload is not None:
        name, content = upload
        name = name.replace("\x00", "")
        # A name with nothing after its last slash ("a/", ".", "..") is never sent by a browser
        # and SimpleUploadedFile refuses it outright (as lib.tests.hostile's names leave out).
        if os.path.basename(name) in {"", ".", ".."}:
            name = "plik"
        data["file"] = SimpleUploadedFile(name, content)
    _post(world, target, data)


@FAST
@given(notes=TEXT)
def test_the_support_notes_form_survives_any_input(world, notes):
    _post(world, "notes", {"notes": notes})


@FAST
@given(username=TEXT, password=TEXT)
def test_the_sign_in_form_survives_any_input(username, password):
    cache.clear()
    before = get_user_model().objects.count()
    response = Client(raise_request_exception=True).post(
        "/logowanie/", {"username": username, "password": password}
    )
    assert response.status_code in (200, 400, 429)
    assert get_user_model().objects.count() == before


@FAST
@given(
    query=st.dictionaries(
        st.sampled_from(["q", "wojewodztwo", "rodzaj", "program", "zwiazek", "sortuj", "page"]),
        st.one_of(TEXT, NUMBER),
    ),
    target=st.sampled_from(["list", "export", "registry"]),
)
def test_the_public_lists_and_search_survive_any_filter(world, query, target):
    url = {
        "list": reverse("partnerships:list"),
        "export": reverse("partnerships:export", args=["csv"]),
        "registry": reverse("registry:unit_index"),
    }[target]
    before = rows()
    response = Client(raise_request_exception=True).get(url, query)
    assert response.status_code in (200, 400)
    assert rows() == before
