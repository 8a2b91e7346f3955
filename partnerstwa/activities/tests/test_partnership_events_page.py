"""A partnership's attended events are counted once per change of its memberships or of the
events' attendance and stored (lib.figures); its page shows the newest few with a link to the
page of them all, which shows them a page at a time, newest first, counted and never named."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from partnerstwa.activities.models import Event
from partnerstwa.activities.selectors import (
    ATTENDED_ON_PAGE,
    events_attended_by_partnership,
    partnership_attendance,
)
from partnerstwa.activities.tests.factories import attend, held
from partnerstwa.activities.views.public import PAGE_SIZE
from partnerstwa.lib.models import StoredFigures
from partnerstwa.partnerships.models import PartnershipMember, PartnershipSlugHistory
from partnerstwa.partnerships.tests.factories import partnership_with_members
from partnerstwa.registry.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def leader_of(partnership):
    return partnership.members.get(role="leader").organisation


@pytest.fixture
def history(commit):
    """A partnership whose leader's people came to 30 meetings, one a day from 1 March 2014:
    committed, so its figures are stored as they are in production."""

    def write():
        partnership = partnership_with_members(slug="aglomeracja", member_codes=["0201022"])
        leader = leader_of(partnership)
        for day in range(30):
            attend(held(f"Spotkanie {day + 1:02d}", datetime.date(2014, 3, 1 + day)), leader)
        return partnership

    return commit(write)


def _attendance_reads(queries) -> list[str]:
    return [query["sql"] for query in queries if '"activities_attendance"' in query["sql"]]


def test_the_attended_events_are_counted_once_and_then_read_from_the_stored_figures(history):
    first = partnership_attendance(history)
    assert StoredFigures.objects.filter(name=f"attended {history.pk}").count() == 1
    with CaptureQueriesContext(connection) as queries:
        again = partnership_attendance(history)
    assert again == first
    assert not _attendance_reads(queries)


def test_new_attendance_shows_at_once_after_it_is_committed(history, commit):
    partnership_attendance(history)
    newest = commit(
        lambda: attend(held("Nowe spotkanie", datetime.date(2014, 5, 1)), leader_of(history))
    )
    attended, total = events_attended_by_partnership(history)
    assert total == 31
    assert attended[0].title == "Nowe spotkanie"
    assert attended[0].url == f"/wydarzenia/{newest.session.event.slug}/"


def test_the_page_reads_the_rows_it_shows_stored_and_no_event_or_attendance(history):
    events_attended_by_partnership(history)
    assert StoredFigures.objects.filter(name=f"attended shown {history.pk} 10").count() == 1
    with CaptureQueriesContext(connection) as queries:
        attended, total = events_attended_by_partnership(history)
    assert [query["sql"] for query in queries if '"activities_' in query["sql"]] == []
    # Beside the data versions (read afresh in tests), the stored result alone.
    read = [query["sql"] for query in queries if '"lib_dataversion"' not in query["sql"]]
    assert len(read) == 1 and '"lib_storedfigures"' in read[0], read
    assert total == 30
    assert [row.title for row in attended] == [f"Spotkanie {day:02d}" for day in range(30, 20, -1)]
    newest = attended[0]
    assert (newest.date, newest.persons, newest.organisations) == ("30-03-2014", 1, 1)


def test_an_event_renamed_since_shows_its_new_title_at_once(history, commit):
    events_attended_by_partnership(history)
    commit(lambda: Event.objects.filter(title="Spotkanie 30").update(title_pl="Spotkanie końcowe"))
    attended, _total = events_attended_by_partnership(history)
    assert attended[0].title == "Spotkanie końcowe"


def test_in_english_a_title_without_its_translation_shows_in_polish_said_to_be_polish(
    client, history, commit
):
    commit(lambda: Event.objects.filter(title="Spotkanie 30").update(title_en="Final meeting"))
    with translation.override("en"):
        attended, _total = events_attended_by_partnership(history)
    assert (attended[0].title, attended[0].title_lang) == ("Final meeting", "")
    assert (attended[1].title, attended[1].title_lang) == ("Spotkanie 29", "pl")
    client.cookies["django_language"] = "en"
    content = client.get("/partnerstwa/aglomeracja/").content.decode()
    assert '/">Final meeting</a>' in content
    assert '/" lang="pl">Spotkanie 29</a>' in content
    # In Polish, the Polish titles, none said to be in another language.
    with translation.override("pl"):
        polish, _total = events_attended_by_partnership(history)
    assert (polish[0].title, polish[0].title_lang) == ("Spotkanie 30", "")


def test_a_membership_ended_earlier_is_counted_again_at_once(history, commit):
    partnership_attendance(history)
    commit(
        lambda: PartnershipMember.objects.filter(partnership=history, role="leader").update(
            left_on=datetime.date(2014, 3, 10)
        )
    )
    attended, total = events_attended_by_partnership(history)
    assert total == 10
    assert attended[0].title == "Spotkanie 10"


def test_an_event_cancelled_since_is_left_out_at_once(history, commit):
    partnership_attendance(history)
    commit(lambda: Event.objects.filter(title="Spotkanie 30").update(status="cancelled"))
    attended, total = events_attended_by_partnership(history)
    assert total == 29
    assert attended[0].title == "Spotkanie 29"


def test_the_partnership_page_shows_the_newest_ten_and_links_to_them_all(client, history):
    content = client.get(reverse("partnerships:detail", args=["aglomeracja"])).content.decode()
    assert ATTENDED_ON_PAGE == 10
    assert "Spotkanie 30" in content and "Spotkanie 21" in content
    assert "Spotkanie 20" not in content
    assert "Pokazano najnowsze 10 z 30 wydarzeń." in content
    all_url = reverse("activities:partnership_events", args=["aglomeracja"])
    assert f'<a href="{all_url}">Zobacz wszystkie 30 wydarzeń</a>' in content


def test_the_page_of_all_attended_events_shows_them_a_page_at_a_time_newest_first(client, history):
    url = reverse("activities:partnership_events", args=["aglomeracja"])
    assert url == "/partnerstwa/aglomeracja/wydarzenia/"
    first = client.get(url)
    assert first.status_code == 200
    assert [row.title for row in first.context["page"].object_list] == [
        f"Spotkanie {day:02d}" for day in range(30, 30 - PAGE_SIZE, -1)
    ]
    text = first.content.decode()
    assert "30 wydarzeń" in text and 'rel="next"' in text
    assert "<td>01-03-2014</td>" not in text and "<td>30-03-2014</td>" in text
    second = client.get(url, {"page": 2})
    assert [row.title for row in second.context["page"].object_list] == [
        f"Spotkanie {day:02d}" for day in range(30 - PAGE_SIZE, 0, -1)
    ]
    assert "<td>01-03-2014</td>" in second.content.decode()


def test_the_page_of_all_attended_events_names_no_one(client, commit):
    def write():
        partnership = partnership_with_members(slug="aglomeracja", member_codes=[])
        ada = PersonFactory(first_name="Ada", last_name="Wielgosz")
        attend(held("Szkolenie", datetime.date(2014, 5, 6)), leader_of(partnership), ada)

    commit(write)
    text = client.get("/partnerstwa/aglomeracja/wydarzenia/").content.decode()
    assert "Szkolenie" in text
    assert "Wielgosz" not in text and "Ada" not in text


def test_the_page_of_all_attended_events_of_an_unknown_partnership_is_not_found(client):
    assert client.get("/partnerstwa/nie-ma-takiego/wydarzenia/").status_code == 404


def test_the_page_of_all_attended_events_follows_a_former_address(client, history):
    PartnershipSlugHistory.objects.create(slug="stara-nazwa", partnership=history)
    answer = client.get("/partnerstwa/stara-nazwa/wydarzenia/?page=2")
    assert answer.status_code == 301
    assert answer["Location"] == "/partnerstwa/aglomeracja/wydarzenia/?page=2"


def test_the_page_of_all_attended_events_marks_a_made_up_partnership(client, history):
    history.is_illustrative = True
    history.save(update_fields=["is_illustrative"])
    text = client.get("/partnerstwa/aglomeracja/wydarzenia/").content.decode()
    assert "To partnerstwo zostało wymyślone" in text


def test_the_page_of_all_attended_events_says_when_there_are_none(client):
    partnership_with_members(slug="aglomeracja", member_codes=[])
    text = client.get("/partnerstwa/aglomeracja/wydarzenia/").content.decode()
    assert "Nie odnotowano jeszcze udziału" in text


def test_the_rows_read_their_events_once_whatever_their_number(client, history):
    partnership_attendance(history)  # stored: what is left to read is the shown events
    for url in ("/partnerstwa/aglomeracja/", "/partnerstwa/aglomeracja/wydarzenia/"):
        with CaptureQueriesContext(connection) as queries:
            content = client.get(url).content.decode()
        assert "Spotkanie 30" in content
        events = [q["sql"] for q in queries if q["sql"].startswith('SELECT "activities_event".')]
        assert len(events) == 1, events


def test_an_english_visitor_sees_a_polish_title_marked_as_polish(client, history):
    client.cookies["django_language"] = "en"
    content = client.get("/partnerstwa/aglomeracja/wydarzenia/").content.decode()
    assert '<html lang="en">' in content
    assert 'lang="pl">Spotkanie 30</a>' in content
    assert "<td>03/30/2014</td>" in content


def test_a_row_shows_the_day_title_kind_and_counts_with_the_title_escaped_and_marked(
    client, history, commit
):
    # The rows are written in Python (activities.templatetags.activities.attended_rows): what
    # the template loop escaped and marked, they must too.
    def write():
        made_up = held('Forum <i>"Miasta"</i> & gminy', datetime.date(2014, 4, 2))
        made_up.is_illustrative = True
        made_up.save()
        for _person in range(2):
            attend(made_up, leader_of(history))
        return made_up

    made_up = commit(write)
    partnership_attendance(history)
    content = client.get("/partnerstwa/aglomeracja/").content.decode()
    row = content[content.index("<td>02-04-2014</td>") :]
    row = row[: row.index("</tr>") + 5]
    assert row.startswith(
        f'<td>02-04-2014</td><th scope="row"><a href="/wydarzenia/{made_up.slug}/">'
        "Forum &lt;i&gt;&quot;Miasta&quot;&lt;/i&gt; &amp; gminy</a>"
    )
    assert 'class="tag tag-illustrative"' in row
    assert row.endswith(
        f'<td>{made_up.get_kind_display()}</td><td class="num">2</td><td class="num">1</td></tr>'
    )
