"""Finding 5 of issue 9, the contest's part: the application's edit link expires (180 days) with a
clear translated page, and the edit is refused by the service once the call has closed, whatever
the link."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partnerstwa.contests.links import EDIT_LINK, edit_token
from partnerstwa.contests.models import Answer, Application
from partnerstwa.contests.services import application_update
from partnerstwa.contests.tests.factories import application, edition
from partnerstwa.lib.tests.links import expired, signed_ago

pytestmark = pytest.mark.django_db


def form_data(entry) -> dict:
    question = entry.edition.questions.get()
    return {
        "title": "Nowy tytuł",
        "summary": "Nowy opis",
        "contact_name": "Anna Nowak",
        "contact_email": "anna@example.org",
        "language": "pl",
        f"q{question.pk}": "Nowa odpowiedź",
    }


@pytest.mark.parametrize(
    ("age", "status"),
    [
        (datetime.timedelta(days=180) - datetime.timedelta(minutes=5), 200),
        (datetime.timedelta(days=180) + datetime.timedelta(minutes=5), 410),
    ],
)
def test_finding_5_the_edit_link_lives_180_days(client, age, status):
    """Signed just under 180 days ago the link still opens the form of an open call; just over,
    it has expired."""
    entry = application(edition(), title="Stary tytuł", status="submitted")
    url = reverse("contests:application_edit", args=[signed_ago(EDIT_LINK, entry.pk, age)])
    page = client.get(url)
    assert page.status_code == status
    main = page.content.decode().split("<main", 1)[1]
    assert ("<form" in main and "Stary tytuł" in main) is (status == 200)


def test_finding_5_an_expired_edit_link_answers_with_a_translated_page_not_an_error(client):
    entry = application(edition(), title="Stary tytuł", status="submitted")
    url = reverse("contests:application_edit", args=[expired(EDIT_LINK, entry.pk)])
    page = client.get(url)
    assert page.status_code == 410
    content = page.content.decode()
    assert "Link do zmiany zgłoszenia wygasł" in content and "Stary tytuł" not in content
    assert client.post(url, form_data(entry)).status_code == 410
    entry.refresh_from_db()
    assert entry.title == "Stary tytuł"
    # A forged link still names nothing.
    assert client.get(reverse("contests:application_edit", args=["zly"])).status_code == 404


def test_finding_5_a_fresh_link_still_edits_while_the_call_is_open(client):
    entry = application(edition(), status="submitted")
    url = reverse("contests:application_edit", args=[edit_token(entry)])
    assert client.post(url, form_data(entry)).status_code == 302
    entry.refresh_from_db()
    assert entry.title == "Nowy tytuł"


@pytest.mark.parametrize(
    "closing",
    [
        {"status": "closed"},
        # The status is still "open" but the closing time has passed: the clock decides.
        {"applications_close_at": timezone.now() - datetime.timedelta(minutes=1)},
    ],
)
def test_finding_5_the_service_refuses_an_edit_once_the_call_has_closed(closing):
    contest = edition()
    entry = application(contest, title="Stary tytuł", status="submitted")
    question = contest.questions.get()
    Answer.objects.create(application=entry, question=question, text="Stara odpowiedź")
    for name, value in closing.items():
        setattr(contest, name, value)
    contest.save()
    with pytest.raises(ValidationError):
        application_update(
            application=Application.objects.get(pk=entry.pk),
            title="Po terminie",
            summary="",
            contact_name="Anna Nowak",
            contact_email="anna@example.org",
            category=None,
            answers={question.pk: "Po terminie"},
        )
    entry.refresh_from_db()
    assert entry.title == "Stary tytuł"
    assert Answer.objects.get().text == "Stara odpowiedź"


def test_finding_5_after_the_call_closes_the_link_shows_the_application_without_a_form(client):
    contest = edition(status="closed")
    entry = application(contest, title="Zamknięte", status="submitted")
    url = reverse("contests:application_edit", args=[edit_token(entry)])
    page = client.get(url)
    assert page.status_code == 200 and "Zamknięte" in page.content.decode()
    assert "<form" not in page.content.decode().split("<main", 1)[1]
    response = client.post(url, form_data(entry))
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.title == "Zamknięte"
