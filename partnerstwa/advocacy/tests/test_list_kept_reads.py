"""The barrier list keeps its blank filter form, the areas in use and the counts by status
between changes of advocacy (lib.freshness.kept): a committed change shows at once
(FRESHNESS_SECONDS=0 here)."""

import pytest
from django.urls import reverse

from partnerstwa.advocacy.models import BarrierStatus
from partnerstwa.advocacy.tests.factories import AreaOfLawFactory, barrier
from partnerstwa.lib.tests.pages import filter_form

pytestmark = pytest.mark.django_db
LIST = reverse("advocacy:list")


def test_a_committed_barrier_in_a_new_area_shows_in_the_kept_filter_and_counts(client, kept):
    kept(lambda: barrier(area=AreaOfLawFactory(name="Zamówienia publiczne")))
    page = client.get(LIST)
    assert "Zamówienia publiczne" in filter_form(page.content.decode())
    assert "Pomoc publiczna" not in filter_form(page.content.decode())
    counts = dict(page.context["statuses"])

    kept(lambda: barrier(area=AreaOfLawFactory(name="Pomoc publiczna")))
    page = client.get(LIST)
    assert "Pomoc publiczna" in filter_form(page.content.decode())
    assert sum(dict(page.context["statuses"]).values()) == sum(counts.values()) + 1


def test_the_counts_by_status_count_every_barrier_of_a_status(client, kept):
    kept(lambda: [barrier(area=AreaOfLawFactory(), title=f"Bariera {n}") for n in range(3)])
    counts = dict(client.get(LIST).context["statuses"])
    assert counts[BarrierStatus.REPORTED] == 3


def test_the_kept_blank_filter_form_is_the_form_a_visitor_gets_with_nothing_chosen(client, kept):
    kept(lambda: barrier(area=AreaOfLawFactory(name="Zamówienia publiczne")))
    blank = client.get(LIST).content.decode()
    chosen = client.get(LIST, {"status": ""}).content.decode()
    assert filter_form(blank) == filter_form(chosen)


def test_a_filtered_list_shows_the_chosen_filter(client, kept):
    area = kept(lambda: barrier(area=AreaOfLawFactory(name="Zamówienia publiczne")).area)
    kept(lambda: barrier(area=AreaOfLawFactory(name="Pomoc publiczna"), title="Inna bariera"))
    page = client.get(LIST, {"obszar": area.slug})
    assert f'value="{area.slug}" selected' in filter_form(page.content.decode())
    assert [item.area.name for item in page.context["page"].object_list] == ["Zamówienia publiczne"]
