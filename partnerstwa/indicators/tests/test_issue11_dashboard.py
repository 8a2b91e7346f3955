"""Issue 11 on the dashboard and the records behind each figure: the default day, targets,
the chart over the years, charts readable on a phone, and made-up records marked."""

import datetime
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from partnerstwa.activities.models import Attendance
from partnerstwa.indicators.models import IndicatorTarget
from partnerstwa.partnerships.models import Partnership
from partnerstwa.programme.models import Programme
from partnerstwa.registry.models import AssociationMembership, Organisation

pytestmark = pytest.mark.django_db
D = datetime.date
MARK = "tag-illustrative"


def _programme(starts_on, ends_on):
    return Programme.objects.create(
        name="Program", operator="Operator", starts_on=starts_on, ends_on=ends_on
    )


def test_the_default_day_is_the_programmes_end_once_it_has_ended(client, programme):
    _programme(D(2012, 7, 1), D(2016, 10, 31))
    response = client.get("/wskazniki/")
    assert response.context["day"] == D(2016, 10, 31)
    assert 'name="na_dzien" value="2016-10-31"' in response.content.decode()
    # A malformed day falls back to the same default, and so do the records and open data.
    assert client.get("/wskazniki/", {"na_dzien": "31.10.2016"}).context["day"] == D(2016, 10, 31)
    assert client.get("/wskazniki/partnerships/").context["day"] == D(2016, 10, 31)
    assert json.loads(client.get("/wskazniki.json").content)["as_of"] == "2016-10-31"


def test_the_default_day_is_today_while_the_programme_runs(client, programme):
    today = timezone.localdate()
    _programme(D(2012, 7, 1), today + datetime.timedelta(days=30))
    assert client.get("/wskazniki/").context["day"] == today


def test_the_chart_over_the_years_repeats_no_year_and_stops_at_the_last_change(client, programme):
    """Chosen ten years after the programme ended, the chart would draw the same figures year
    after year; each year appears once and the years after the last change are left out."""
    _programme(D(2012, 7, 1), D(2016, 10, 31))
    response = client.get("/wskazniki/", {"na_dzien": "2026-06-30"})
    years = [year for year, _row in response.context["year_rows"]]
    assert len(years) == len(set(years))
    rows = [tuple(item["value"] for item in row) for _year, row in response.context["year_rows"]]
    assert all(a != b for a, b in zip(rows[-2:-1], rows[-1:], strict=True))
    # The fixture's last change is in 2017 (a partnership formed, a training held).
    assert years == list(range(2012, 2018))
    for item in response.context["series"]:
        labels = [bar["label"] for bar in item["chart"]["bars"]]
        assert labels == [str(year) for year in years]


def test_a_target_is_shown_beside_its_figure_with_its_date(client, programme):
    IndicatorTarget.objects.create(
        code="trainings", baseline=Decimal("0"), target=Decimal("8"), target_date=D(2016, 10, 31)
    )
    content = client.get("/wskazniki/", {"na_dzien": "2016-10-31"}).content.decode()
    # One training by then (the one of 2017 comes later, the cancelled one never counts).
    assert 'class="target">cel 8: osiągnięto 12 % (do 31 października 2016)<' in content


def test_charts_fit_a_390_px_phone_unscaled_so_their_labels_stay_at_13_px(client, programme):
    content = client.get("/wskazniki/", {"na_dzien": "2016-10-31"}).content.decode()
    widths = [int(width) for width in re.findall(r'<svg class="bars" [^>]*width="(\d+)"', content)]
    assert widths and max(widths) <= 390 - 2 * 16  # the page's side padding
    sizes = {
        int(size) for size in re.findall(r'class="bar-(?:label|value)" font-size="(\d+)"', content)
    }
    assert sizes and min(sizes) >= 12
    assert "indicators/dashboard.css" in content


def test_the_figure_cards_let_a_long_amount_wrap_instead_of_overflowing(client, programme):
    from django.contrib.staticfiles import finders

    css = Path(finders.find("indicators/dashboard.css")).read_text(encoding="utf-8")
    assert "overflow-wrap: anywhere" in css and "min(100%, 14rem)" in css


def test_records_mark_a_made_up_partnership_and_not_a_real_one(client, programme):
    Partnership.objects.filter(name="Drugie").update(is_illustrative=True)
    content = client.get("/wskazniki/partnerships/", {"na_dzien": "2016-10-31"}).content.decode()
    rows = dict(re.findall(r"<tr><th scope=\"row\">.*?>(\w+)</a>(.*?)</tr>", content))
    assert MARK in rows["Drugie"] and MARK not in rows["Pierwsze"]


def test_records_mark_a_real_city_counted_only_through_a_made_up_membership(client, programme):
    """The issue's case: a real city listed among the association's members on a made-up
    membership carries the mark; a city on a real membership does not."""
    AssociationMembership.objects.filter(organisation__name="Miasto Bolesławiec").update(
        is_illustrative=True
    )
    response = client.get("/wskazniki/member_cities/", {"na_dzien": "2016-10-31"})
    marked = {row.name: row.is_illustrative for row in response.context["rows"]}
    assert marked == {"Miasto Bolesławiec": True}
    assert MARK in response.content.decode()
    AssociationMembership.objects.update(is_illustrative=False)
    response = client.get("/wskazniki/member_cities/", {"na_dzien": "2016-10-31"})
    assert MARK not in response.content.decode()


def test_records_mark_organisations_of_made_up_partnerships_and_made_up_organisations(
    client, programme
):
    # Powiat bolesławiecki is a member of "Drugie" only.
    Partnership.objects.filter(name="Drugie").update(is_illustrative=True)
    ngo = Organisation.objects.get(kind="ngo")
    ngo.is_illustrative = True
    ngo.save()
    response = client.get("/wskazniki/entities/", {"na_dzien": "2016-10-31"})
    marked = {row.pk for row in response.context["rows"] if row.is_illustrative}
    county = Organisation.objects.get(kind="powiat")
    town = Organisation.objects.get(territorial_unit__code="0201043")  # leads "Drugie" only
    assert marked == {ngo.pk, county.pk, town.pk}


def test_records_mark_events_with_made_up_attendance(client, programme):
    Attendance.objects.filter(session__event__kind="study_visit").update(is_illustrative=True)
    visits = client.get("/wskazniki/study_visit_participants/", {"na_dzien": "2016-10-31"})
    assert [row.is_illustrative for row in visits.context["rows"]] == [True]
    conferences = client.get("/wskazniki/conference_participants/", {"na_dzien": "2016-10-31"})
    assert [row.is_illustrative for row in conferences.context["rows"]] == [False, False]
    assert MARK not in conferences.content.decode()


def test_open_data_says_whether_made_up_records_count(client, programme):
    data = json.loads(client.get("/wskazniki.json", {"na_dzien": "2016-10-31"}).content)
    assert data["includes_illustrative"] is False
    Partnership.objects.filter(name="Drugie").update(is_illustrative=True)
    data = json.loads(client.get("/wskazniki.json", {"na_dzien": "2016-10-31"}).content)
    assert data["includes_illustrative"] is True
    # A made-up record formed after the day does not count then.
    Partnership.objects.update(is_illustrative=False)
    Partnership.objects.filter(name="Późne").update(is_illustrative=True)
    data = json.loads(client.get("/wskazniki.json", {"na_dzien": "2016-10-31"}).content)
    assert data["includes_illustrative"] is False


def test_a_changed_target_shows_at_once_with_reads_kept_as_in_production(
    client, programme, settings, django_capture_on_commit_callbacks
):
    # Kept as in production; the change committed as an editor's request commits it (its
    # app's version bumped), nothing forgotten by hand.
    settings.READ_CACHE, settings.FRESHNESS_SECONDS = True, 0
    with django_capture_on_commit_callbacks(execute=True):
        target = IndicatorTarget.objects.create(
            code="trainings", baseline=Decimal("0"), target=Decimal("8")
        )
    assert "cel 8:" in client.get("/wskazniki/", {"na_dzien": "2016-10-31"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        IndicatorTarget.objects.filter(pk=target.pk).update(target=Decimal("4"))
    content = client.get("/wskazniki/", {"na_dzien": "2016-10-31"}).content.decode()
    assert "cel 4:" in content and "cel 8:" not in content
