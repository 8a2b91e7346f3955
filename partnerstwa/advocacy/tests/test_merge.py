import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerstwa.advocacy import services
from partnerstwa.advocacy.models import BarrierStatus, LegalBarrier
from partnerstwa.advocacy.tests.factories import barrier, recommendation, staff_user
from partnerstwa.library.tests.factories import document
from partnerstwa.partnerships.tests.factories import PartnershipFactory
from partnerstwa.registry.tests.factories import OrganisationFactory


@pytest.fixture
def pair(db):
    first_org, second_org = OrganisationFactory(), OrganisationFactory()
    partnership = PartnershipFactory()
    kept = barrier(title="Wspólne zamówienia", organisations=[first_org])
    duplicate = barrier(
        title="Zamówienia między gminami",
        legal_acts="Dz.U. 2001 nr 142 poz. 1591",
        organisations=[second_org, first_org],
        partnerships=[partnership],
        evidence=[document(title="Opinia prawna", is_public=True)],
    )
    services.barrier_set_status(barrier=duplicate, status=BarrierStatus.UNDER_ANALYSIS)
    answer = recommendation([duplicate])
    return kept, duplicate, {first_org, second_org}, partnership, answer


def test_merging_keeps_every_reporter_evidence_act_recommendation_and_history(pair):
    kept, duplicate, organisations, partnership, answer = pair
    history = set(duplicate.changes.values_list("pk", flat=True))
    services.barrier_merge(keep=kept, duplicate=duplicate, by=staff_user())
    assert set(kept.organisations.all()) == organisations
    assert list(kept.partnerships.all()) == [partnership]
    assert [d.title for d in kept.evidence.all()] == ["Opinia prawna"]
    assert {str(r) for r in kept.references.all()} == {
        "Dz.U. 2016 poz. 446, art. 10 ust. 1",
        "Dz.U. 2001 nr 142 poz. 1591",
    }
    assert set(answer.barriers.all()) == {kept, duplicate}
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept and duplicate.merged_at is not None
    assert set(duplicate.changes.values_list("pk", flat=True)) == history
    assert list(LegalBarrier.objects.published()) == [kept]


def test_a_merged_barriers_public_address_leads_to_the_kept_one(client, pair):
    kept, duplicate, *_ = pair
    services.barrier_merge(keep=kept, duplicate=duplicate)
    response = client.get(reverse("advocacy:detail", args=[duplicate.pk]))
    assert response.status_code == 301
    assert response["Location"] == reverse("advocacy:detail", args=[kept.pk])
    page = client.get(response["Location"])
    assert "Zamówienia między gminami" in page.content.decode()  # its history is shown


def test_a_barrier_merged_earlier_into_the_duplicate_now_points_to_the_kept_one(pair):
    kept, duplicate, *_ = pair
    older = barrier(title="Jeszcze starszy duplikat")
    services.barrier_merge(keep=duplicate, duplicate=older)
    services.barrier_merge(keep=kept, duplicate=duplicate)
    older.refresh_from_db()
    assert older.merged_into == kept


def test_merging_into_itself_or_into_a_merged_barrier_is_refused(pair):
    kept, duplicate, *_ = pair
    with pytest.raises(ValidationError):
        services.barrier_merge(keep=kept, duplicate=kept)
    services.barrier_merge(keep=kept, duplicate=duplicate)
    with pytest.raises(ValidationError):
        services.barrier_merge(keep=duplicate, duplicate=barrier(title="Nowy"))


def test_a_merge_failing_half_way_changes_nothing(pair, monkeypatch):
    kept, duplicate, *_ = pair
    before = set(kept.organisations.all())

    def broken(*args, **kwargs):
        raise RuntimeError("awaria")

    monkeypatch.setattr("partnerstwa.advocacy.services.BarrierReport.objects.filter", broken)
    with pytest.raises(RuntimeError):
        services.barrier_merge(keep=kept, duplicate=duplicate)
    assert set(kept.organisations.all()) == before
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_a_recommendation_dated_reply_is_never_before_sending(db):
    sent = recommendation([barrier()], sent_on=datetime.date(2016, 3, 3))
    with pytest.raises(ValidationError):
        services.recommendation_record_reply(
            recommendation=sent, text="Za wcześnie", replied_on=datetime.date(2016, 3, 1)
        )
