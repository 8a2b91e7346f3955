import pytest
from django.urls import reverse

from partnerstwa.advocacy.demo import advocacy_demo_load
from partnerstwa.advocacy.models import BarrierStatus, LegalBarrier, Recommendation
from partnerstwa.advocacy.selectors import overdue_recommendations

DATA = {"goals": {"goal_2_addressees": ["MSWiA", "MR"]}}


@pytest.mark.django_db
def test_the_demo_is_illustrative_addressed_as_the_reference_says_and_loads_once(client):
    assert advocacy_demo_load(DATA) == 3
    assert advocacy_demo_load(DATA) == 0
    assert LegalBarrier.objects.count() == 3
    assert all(b.is_illustrative for b in LegalBarrier.objects.all())
    assert all(r.is_illustrative for r in Recommendation.objects.all())
    assert {r.addressee.short_name for r in Recommendation.objects.all()} == {"MSWiA", "MR"}
    assert LegalBarrier.objects.filter(status=BarrierStatus.RESOLVED).count() == 1
    assert [r.addressee.short_name for r in overdue_recommendations()] == ["MR"]
    resolved = LegalBarrier.objects.get(status=BarrierStatus.RESOLVED)
    page = client.get(reverse("advocacy:detail", args=[resolved.pk])).content.decode()
    assert "Odpowiedź z 1 kwietnia 2016" in page
    history = [c.to_status for c in resolved.changes.order_by("changed_at", "pk")]
    assert history == [
        BarrierStatus.REPORTED,
        BarrierStatus.UNDER_ANALYSIS,
        BarrierStatus.RECOMMENDATION_DRAFTED,
        BarrierStatus.SUBMITTED,
        BarrierStatus.ANSWERED,
        BarrierStatus.RESOLVED,
    ]
