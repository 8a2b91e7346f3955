import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerstwa.advocacy import services, tasks
from partnerstwa.advocacy.models import BarrierStatus
from partnerstwa.advocacy.tests.factories import (
    ALL_PERMISSIONS,
    AreaOfLawFactory,
    barrier,
    recommendation,
    staff_user,
)
from partnerstwa.partnerships.tests.factories import PartnershipFactory
from partnerstwa.registry.tests.factories import OrganisationFactory

LIST = reverse("advocacy:list")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_list_and_detail_query_counts_do_not_grow_with_rows(client, db):
    area = AreaOfLawFactory()
    first = barrier(area=area, organisations=[OrganisationFactory()])
    recommendation([first], sent_on=datetime.date(2016, 3, 3))
    detail = first.get_absolute_url()
    client.get(LIST)
    few_list, few_detail = _queries(client, LIST), _queries(client, detail)
    for number in range(8):
        more = barrier(
            title=f"Bariera {number}",
            area=AreaOfLawFactory(),
            organisations=[OrganisationFactory()],
            partnerships=[PartnershipFactory()],
            legal_acts=f"Dz.U. 2016 poz. {number + 1}",
        )
        recommendation([more, first], sent_on=datetime.date(2016, 3, 3))
        first.organisations.add(OrganisationFactory())
        services.barrier_merge(keep=first, duplicate=barrier(title=f"Duplikat {number}"))
    assert _queries(client, LIST) <= few_list
    assert _queries(client, detail) <= few_detail


def test_the_list_filters_by_area_and_status(client, db):
    area = AreaOfLawFactory(slug="zamowienia")
    barrier(title="Zamówienia wspólne", area=area)
    moved = barrier(title="Transport")
    services.barrier_set_status(barrier=moved, status=BarrierStatus.UNDER_ANALYSIS)
    by_area = client.get(LIST, {"obszar": "zamowienia"}).content.decode()
    assert "Zamówienia wspólne" in by_area and "Transport" not in by_area
    by_status = client.get(LIST, {"status": "under_analysis"}).content.decode()
    assert "Transport" in by_status and "Zamówienia wspólne" not in by_status


def test_the_detail_shows_the_history_the_answer_and_the_acts_official_page(client, db):
    shown = barrier(title="Wspólna obsługa szkół")
    for status in (BarrierStatus.UNDER_ANALYSIS, BarrierStatus.RECOMMENDATION_DRAFTED):
        services.barrier_set_status(barrier=shown, status=status)
    sent = recommendation([shown], title="Zmiana art. 10a", sent_on=datetime.date(2016, 3, 3))
    services.recommendation_record_reply(
        recommendation=sent,
        text="Ministerstwo rozważy zmianę.",
        replied_on=datetime.date(2016, 4, 1),
    )
    page = client.get(shown.get_absolute_url()).content.decode()
    for text in (
        "Zmiana art. 10a",
        "Ministerstwo rozważy zmianę.",
        "1 kwietnia 2016",  # the answer's day, genitive
        "4 kwietnia 2016",  # due: 2 April was a Saturday
        "z odpowiedzią",
        "https://isap.sejm.gov.pl/isap.nsf/DocDetails.xsp?id=WDU20160000446",
    ):
        assert text in page, text


def test_the_feed_is_atom_with_each_step_of_published_barriers(client, db):
    shown = barrier(title="Bariera w kanale")
    services.barrier_set_status(barrier=shown, status=BarrierStatus.UNDER_ANALYSIS)
    response = client.get(reverse("advocacy:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.count("<entry>") == 2 and "Bariera w kanale: w analizie" in body


def test_a_partnerships_page_lists_the_published_barriers_it_reported(client, db):
    from partnerstwa.partnerships.tests.factories import partnership_with_members

    partnership = partnership_with_members(slug="aglomeracja")
    barrier(title="Bariera partnerstwa", partnerships=[partnership])
    barrier(title="Niepublikowana", partnerships=[partnership], is_published=False)
    page = client.get(reverse("partnerships:detail", args=["aglomeracja"])).content.decode()
    assert "Bariera partnerstwa" in page and "Niepublikowana" not in page


def test_a_local_governments_page_lists_the_published_barriers_it_reported(client, db):
    from partnerstwa.registry.tests.factories import gmina, local_government

    city = local_government(gmina("0201011", "Bolesławiec"))
    barrier(title="Bariera gminy", organisations=[city])
    barrier(title="Niepublikowana", organisations=[city], is_published=False)
    barrier(title="Bariera innej gminy", organisations=[OrganisationFactory()])
    page = client.get(reverse("registry:unit_detail", args=["0201011"])).content.decode()
    assert "Bariera gminy" in page
    assert "Niepublikowana" not in page and "Bariera innej gminy" not in page


def test_the_reminder_goes_to_staff_who_handle_recommendations_listing_replies_due(db):
    staff_user("biuro", *ALL_PERMISSIONS, email="biuro@example.org")
    staff_user("inny", "advocacy.view_recommendation", email="inny@example.org")
    get_user_model().objects.create_user("gosc", email="gosc@example.org", password="x")
    due = recommendation([barrier()], title="Termin mija", sent_on=datetime.date(2026, 6, 1))
    recommendation([barrier()], title="Jeszcze nie", sent_on=datetime.date(2026, 6, 20))
    tasks.send_reply_reminders.enqueue(due.reply_due.isoformat())
    [message] = mail.outbox
    assert message.to == ["biuro@example.org"]
    assert "Termin mija" in message.body and "Jeszcze nie" not in message.body
    assert "1 lipca 2026" in message.body


def test_the_reminder_command_queues_nothing_when_no_reply_is_due(db, capsys):
    staff_user("biuro", *ALL_PERMISSIONS)
    call_command("remind_replies")
    assert mail.outbox == []
    assert "0" in capsys.readouterr().out


@pytest.mark.parametrize(
    "model",
    ["legalbarrier", "recommendation", "barrierreport", "addressee", "areaoflaw", "statuschange"],
)
def test_the_back_office_lists_and_adds_every_advocacy_record(admin_client, db, model):
    barrier()
    assert admin_client.get(reverse(f"admin:advocacy_{model}_changelist")).status_code == 200
    if model != "statuschange":
        assert admin_client.get(reverse(f"admin:advocacy_{model}_add")).status_code == 200


def test_sending_a_recommendation_in_the_back_office_sets_the_due_day_and_moves_its_barriers(
    admin_client, db
):
    from partnerstwa.advocacy.models import Addressee, Recommendation

    waiting = barrier()
    for status in (BarrierStatus.UNDER_ANALYSIS, BarrierStatus.RECOMMENDATION_DRAFTED):
        services.barrier_set_status(barrier=waiting, status=status)
    addressee = Addressee.objects.create(name="Ministerstwo Testowe")
    response = admin_client.post(
        reverse("admin:advocacy_recommendation_add"),
        {
            "title_pl": "Rekomendacja",
            "proposed_change_pl": "Zmienić przepis.",
            "barriers": [waiting.pk],
            "addressee": addressee.pk,
            "sent_on": "2016-03-03",
            "reply_due": "",
            "reply_text": "",
            "replied_on": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = Recommendation.objects.get()
    assert saved.reply_due == datetime.date(2016, 4, 4)
    waiting.refresh_from_db()
    assert waiting.status == BarrierStatus.SUBMITTED


def test_the_detail_names_who_reported_the_barrier_and_only_its_public_evidence(client, db):
    from partnerstwa.library.tests.factories import document

    shown = barrier(
        title="Wspólna obsługa szkół",
        organisations=[
            OrganisationFactory(name="Gmina Ząbki"),
            OrganisationFactory(name="Gmina Alwernia"),
        ],
        partnerships=[PartnershipFactory(name="Partnerstwo Doliny Bugu")],
        evidence=[
            document(title="Analiza prawna obsługi szkół", is_public=True),
            document(title="Notatka wewnętrzna", is_public=False),
        ],
    )
    page = client.get(shown.get_absolute_url()).content.decode()
    assert page.index("Gmina Alwernia") < page.index("Gmina Ząbki")
    assert "Partnerstwo Doliny Bugu" in page
    assert "Analiza prawna obsługi szkół" in page and "Notatka wewnętrzna" not in page


def test_an_unknown_unpublished_or_impossible_barrier_number_answers_404(client, db):
    hidden = barrier(is_published=False)
    for number in (hidden.pk, hidden.pk + 1, 10**30):
        assert client.get(reverse("advocacy:detail", args=[number])).status_code == 404
