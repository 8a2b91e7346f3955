"""Issue 11, web addresses: a partnership's address transliterates Polish letters
("mikolowskiego", not "mikoowskiego"); an address made before by Django's slugify is made again
by migration 0011 and the old one answers 301 to the new one, sub-pages too; an unknown address
is still 404."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from partnerstwa.partnerships.models import Partnership, PartnershipSlugHistory
from partnerstwa.partnerships.services import partnership_create
from partnerstwa.partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module("partnerstwa.partnerships.migrations.0011_transliterated_slugs")
NAME = "Partnerstwo Mikołowskie – Łaziska Górne"


def test_a_new_partnerships_address_transliterates_polish_letters():
    partnership = partnership_create(name=NAME)
    assert partnership.slug == "partnerstwo-mikolowskie-laziska-gorne"


def test_the_migration_remakes_a_slugify_address_and_keeps_the_old_one():
    old = PartnershipFactory(name=NAME, slug="partnerstwo-mikoowskie-aziska-gorne")
    numbered = PartnershipFactory(name=NAME, slug="partnerstwo-mikoowskie-aziska-gorne-2")
    typed = PartnershipFactory(name="Łódzkie", slug="lodzkie-reczne")  # typed by hand: kept
    MIGRATION.transliterate(apps, None)
    old.refresh_from_db()
    numbered.refresh_from_db()
    typed.refresh_from_db()
    assert old.slug == "partnerstwo-mikolowskie-laziska-gorne"
    assert numbered.slug == "partnerstwo-mikolowskie-laziska-gorne-2"
    assert typed.slug == "lodzkie-reczne"
    assert dict(PartnershipSlugHistory.objects.values_list("slug", "partnership")) == {
        "partnerstwo-mikoowskie-aziska-gorne": old.pk,
        "partnerstwo-mikoowskie-aziska-gorne-2": numbered.pk,
    }


def test_an_old_address_answers_301_to_the_new_one_with_its_sub_pages(client):
    partnership = PartnershipFactory(name=NAME, slug="partnerstwo-mikoowskie-aziska-gorne")
    MIGRATION.transliterate(apps, None)
    new = reverse("partnerships:detail", args=["partnerstwo-mikolowskie-laziska-gorne"])

    response = client.get("/partnerstwa/partnerstwo-mikoowskie-aziska-gorne/?rok=2016")
    assert response.status_code == 301
    assert response["Location"] == new + "?rok=2016"
    assert client.get(new).status_code == 200

    Partnership.objects.filter(pk=partnership.pk).update(agreement_document="porozumienie.pdf")
    response = client.get("/partnerstwa/partnerstwo-mikoowskie-aziska-gorne/porozumienie/")
    assert response.status_code == 301
    assert response["Location"] == new + "porozumienie/"


def test_an_unknown_address_is_still_404(client):
    PartnershipFactory(name=NAME, slug="partnerstwo-mikoowskie-aziska-gorne")
    MIGRATION.transliterate(apps, None)
    assert client.get("/partnerstwa/nie-ma-takiego/").status_code == 404
    assert client.get("/partnerstwa/nie-ma-takiego/porozumienie/").status_code == 404


def test_an_address_changed_in_the_back_office_keeps_answering(admin_client, client):
    partnership = PartnershipFactory(name="Stare", slug="stare")
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    data = {
        "name_pl": "Stare",
        "slug": "nowe",
        "area_kind": "other",
        "status": "active",
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
        "projects-TOTAL_FORMS": "0",
        "projects-INITIAL_FORMS": "0",
        "former_slugs-TOTAL_FORMS": "0",
        "former_slugs-INITIAL_FORMS": "0",
    }
    assert admin_client.post(url, data).status_code == 302
    response = client.get("/partnerstwa/stare/")
    assert response.status_code == 301 and response["Location"] == "/partnerstwa/nowe/"
