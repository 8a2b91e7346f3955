"""Issue 11 on the contest's pages: made-up editions and applications marked everywhere, laureates
before distinctions and linked to their page, sources as links, one clear status with a deadline
at a sensible hour, formal e-mails, Polish order, transliterated addresses answering 301, and
English content with its language said where it falls back."""

import datetime
import io
import re

import openpyxl
import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partnerstwa.contests import tasks
from partnerstwa.contests.models import Category, ContestEdition, EditionFormerSlug
from partnerstwa.contests.services import (
    edition_create,
    edition_rename_slug,
    end_of_day_if_midnight,
)
from partnerstwa.contests.tests.factories import application, edition
from partnerstwa.partnerships.tests.factories import PartnershipFactory
from partnerstwa.registry.tests.factories import OrganisationFactory, gmina, local_government

pytestmark = pytest.mark.django_db

WARSAW = timezone.get_default_timezone()
TAG = 'class="tag tag-illustrative"'


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def awards_section(content: str) -> str:
    return content.split('id="results-heading"', 1)[1].split("</section>", 1)[0]


# Point 1: marks


@pytest.fixture
def published():
    contest = edition(status="published", name="Edycja prawdziwa")
    real = application(contest, status="laureate", title="Praktyka prawdziwa")
    made_up = application(
        contest, status="distinction", title="Praktyka zmyślona", is_illustrative=True
    )
    return contest, real, made_up


def line_with(content: str, text: str) -> str:
    return next(chunk for chunk in content.split("<li") if text in chunk)


def test_finding_1_the_edition_page_marks_a_made_up_application_and_not_a_real_one(
    client, published
):
    contest, _, _ = published
    awards = awards_section(page(client, reverse("contests:edition", args=[contest.slug])))
    assert TAG in line_with(awards, "Praktyka zmyślona")
    assert TAG not in line_with(awards, "Praktyka prawdziwa")


def test_finding_1_the_index_and_the_edition_page_mark_a_made_up_edition(client, published):
    real, _, _ = published
    made_up = edition(status="published", name="Edycja zmyślona", is_illustrative=True)
    index = page(client, reverse("contests:index"))
    assert TAG in line_with(index, "Edycja zmyślona")
    assert (
        TAG not in line_with(index, "Edycja prawdziwa").split("Awarded")[0].split("Nagrodzeni")[0]
    )
    assert TAG in page(client, reverse("contests:edition", args=[made_up.slug])).split("</h1>")[0]
    assert TAG not in page(client, reverse("contests:edition", args=[real.slug])).split("</h1>")[0]


def test_finding_1_the_results_page_and_the_ranking_workbook_mark_made_up_applications(
    admin_client, published
):
    contest, _, _ = published
    results = page(admin_client, reverse("contests:results", args=[contest.slug]))
    rows = {
        title: row
        for row in results.split("<tr")
        for title in ("Praktyka zmyślona", "Praktyka prawdziwa")
        if title in row
    }
    assert TAG in rows["Praktyka zmyślona"] and TAG not in rows["Praktyka prawdziwa"]
    response = admin_client.get(reverse("contests:results_xlsx", args=[contest.slug]))
    sheet = list(
        openpyxl.load_workbook(io.BytesIO(response.content))
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    assert sheet[0][-1] == "Przykład ilustracyjny"
    assert {row[2]: row[-1] for row in sheet[1:]} == {
        "Praktyka prawdziwa": None,
        "Praktyka zmyślona": "przykład ilustracyjny",
    }


# Point 5: laureates first, linked winners, sources as links, one status, sensible deadlines


def test_finding_5_laureates_come_before_distinctions_whatever_the_names(client):
    contest = edition(status="published")
    application(contest, status="distinction", organisation=OrganisationFactory(name="Agencja A"))
    application(contest, status="laureate", organisation=OrganisationFactory(name="Związek Z"))
    application(contest, status="laureate", organisation=OrganisationFactory(name="Łódzkie Ł"))
    awards = awards_section(page(client, reverse("contests:edition", args=[contest.slug])))
    assert re.findall(r"<h3>([^<]+)</h3>", awards) == ["Laureat", "Wyróżnienie"]
    names = [n for n in ("Łódzkie Ł", "Związek Z", "Agencja A") if n in awards]
    assert sorted(names, key=awards.index) == ["Łódzkie Ł", "Związek Z", "Agencja A"]
    index = page(client, reverse("contests:index"))
    assert index.index("Łódzkie Ł") < index.index("Związek Z") < index.index("Agencja A")


def test_finding_5_winners_link_to_their_local_government_or_partnership_page(client):
    contest = edition(status="published")
    city = local_government(gmina("0201011", "Bolesławiec"))
    partnership = PartnershipFactory(name="Partnerstwo Doliny")
    association = OrganisationFactory(name="Stowarzyszenie Bez Strony")
    application(contest, status="laureate", organisation=city)
    application(contest, status="distinction", partnership=partnership)
    application(contest, status="distinction", organisation=association)
    awards = awards_section(page(client, reverse("contests:edition", args=[contest.slug])))
    assert f'<a href="/samorzady/0201011/">{city.name}</a>' in awards
    assert f'<a href="/partnerstwa/{partnership.slug}/">Partnerstwo Doliny</a>' in awards
    assert "<strong>Stowarzyszenie Bez Strony" in awards


def test_finding_5_sources_are_links_and_a_bad_one_stays_text(client):
    contest = edition(status="published", sources="https://example.org/wyniki\nhttps://zmp.pl/")
    ContestEdition.objects.filter(pk=contest.pk).update(
        sources="https://example.org/wyniki\njavascript:alert(1)"
    )
    content = page(client, reverse("contests:edition", args=[contest.slug]))
    assert '<a href="https://example.org/wyniki">https://example.org/wyniki</a>' in content
    assert "<li>javascript:alert(1)</li>" in content


def test_finding_5_an_open_call_shows_one_status_with_its_deadline_at_a_sensible_hour(client):
    closes = datetime.datetime(2030, 6, 30, 0, 0, tzinfo=WARSAW)
    contest = edition(status="open")
    ContestEdition.objects.filter(pk=contest.pk).update(
        applications_close_at=end_of_day_if_midnight(closes)
    )
    for url in (reverse("contests:index"), reverse("contests:edition", args=[contest.slug])):
        content = page(client, url)
        assert "Nabór trwa do 30 czerwca 2030, godz. 23:59." in content
        assert "otwarcie naboru" not in content and "nabór otwarty" not in content


def test_finding_5_a_call_not_yet_open_and_one_past_its_deadline_say_so(client):
    now = timezone.now()
    later = edition(
        status="open",
        applications_open_at=now + datetime.timedelta(days=5),
        applications_close_at=now + datetime.timedelta(days=50),
    )
    ended = edition(
        status="open",
        applications_open_at=now - datetime.timedelta(days=50),
        applications_close_at=now - datetime.timedelta(days=5),
    )
    assert "Nabór rozpocznie się" in page(client, reverse("contests:edition", args=[later.slug]))
    assert "Nabór zakończył się" in page(client, reverse("contests:edition", args=[ended.slug]))


def test_finding_5_a_midnight_deadline_means_the_end_of_that_day():
    midnight = datetime.datetime(2016, 6, 30, 0, 0, tzinfo=WARSAW)
    assert end_of_day_if_midnight(midnight) == datetime.datetime(
        2016, 6, 30, 23, 59, 59, tzinfo=WARSAW
    )
    noon = datetime.datetime(2016, 6, 30, 12, 0, tzinfo=WARSAW)
    assert end_of_day_if_midnight(noon) == noon
    made = edition_create(name="Edycja 2016", year=2016, applications_close_at=midnight)
    assert timezone.localtime(made.applications_close_at).time() == datetime.time(23, 59, 59)


def test_finding_5_the_admin_stores_a_midnight_deadline_as_the_end_of_the_day(admin_client):
    data = {
        "name_pl": "Edycja z terminem",
        "slug": "edycja-z-terminem",
        "year": "2016",
        "applications_close_at_0": "2016-06-30",
        "applications_close_at_1": "00:00",
        "tie_break": "top_criterion",
    }
    for prefix in ("categories", "criteria", "questions", "jury"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    response = admin_client.post(reverse("admin:contests_contestedition_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    saved = ContestEdition.objects.get(slug="edycja-z-terminem")
    assert timezone.localtime(saved.applications_close_at) == datetime.datetime(
        2016, 6, 30, 23, 59, 59, tzinfo=WARSAW
    )


# Point 2: Polish


def test_finding_2_the_receipt_greets_without_a_name_and_speaks_formally():
    contest = edition(name="Konkurs")
    entry = application(contest, status="submitted", contact_name="Anna Nowak")
    tasks.send_application_receipt.call(entry.pk)
    (message,) = mail.outbox
    assert message.body.startswith("Dzień dobry,\n")
    assert not re.search(r"Anna|Twoj|Twój|zrezygnuj|\(a\)|możesz", message.body), message.body
    assert "Zgłoszenie można zmieniać do" in message.body


def test_finding_2_editions_and_categories_are_in_polish_natural_order(client):
    for name in ["Edycja Łódzka", "Edycja Lubuska", "Edycja nr 10", "Edycja nr 2"]:
        edition(status="published", name=name, year=2020)
    contest = edition(status="published", year=2021)
    for name in ["Śląskie", "Świętokrzyskie", "Kategoria 10", "Kategoria 2", "Sądeckie"]:
        Category.objects.create(edition=contest, name=name)
    index = page(client, reverse("contests:index"))
    found = re.findall(r">(Edycja [^<]+)</a>", index)
    assert found == ["Edycja Lubuska", "Edycja Łódzka", "Edycja nr 2", "Edycja nr 10"]
    content = page(client, reverse("contests:edition", args=[contest.slug]))
    categories = content.split('id="categories-heading"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r"<li>([^<]+)</li>", categories) == [
        "Kategoria 2",
        "Kategoria 10",
        "Sądeckie",
        "Śląskie",
        "Świętokrzyskie",
    ]


# Point 3: addresses


def test_finding_3_an_edition_made_without_a_slug_gets_a_transliterated_one():
    assert edition_create(name="Lider Zarządzania – Łódź", year=2016).slug == (
        "lider-zarzadzania-lodz"
    )


def test_finding_3_an_old_edition_address_answers_301_and_an_unknown_one_404(client):
    contest = edition(status="published", slug="edycja-odzka")
    edition_rename_slug(edition=contest, slug="edycja-lodzka")
    assert EditionFormerSlug.objects.get().slug == "edycja-odzka"
    response = client.get("/konkurs/edycja-odzka/")
    assert (response.status_code, response["Location"]) == (301, "/konkurs/edycja-lodzka/")
    assert client.get("/konkurs/edycja-lodzka/").status_code == 200
    assert client.get("/konkurs/nie-ma-takiej/").status_code == 404


# Point 4: English content


def test_finding_4_an_english_edition_page_marks_a_polish_fallback(client):
    translated = edition(status="published", name="Edycja", name_en="The edition")
    untranslated = edition(status="published", name="Edycja bez przekładu")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "<h1>The edition" in page(client, reverse("contests:edition", args=[translated.slug]))
    fallback = page(client, reverse("contests:edition", args=[untranslated.slug]))
    assert '<h1 lang="pl">Edycja bez przekładu' in fallback


def test_finding_4_the_admin_edits_both_languages_side_by_side(admin_client):
    contest = edition()
    content = page(admin_client, reverse("admin:contests_contestedition_change", args=[contest.pk]))
    for field in ("name_pl", "name_en", "rules_en", "criteria-0-name_en", "questions-0-text_en"):
        assert f'name="{field}"' in content, field
