"""The dashboard on a 390 px phone in a real browser: no figure overflows its card (a long
amount such as "66 512 345,67 zł" included), no sideways scroll, chart labels at 12 px or more
as drawn (the SVG is never scaled down)."""

import datetime
from decimal import Decimal

import pytest

from partnerstwa.partnerships.models import Partnership, Project

pytestmark = pytest.mark.browser
PHONE_390 = {"width": 390, "height": 844}


@pytest.fixture
def big_amount(transactional_db):
    partnership = Partnership.objects.create(
        name="Duże", slug="duze", formed_on=datetime.date(2013, 1, 1)
    )
    Project.objects.create(
        partnership=partnership, title="Wielki", total_value=Decimal("66512345.67")
    )


def test_the_dashboard_fits_a_390_px_phone_with_readable_charts(page, big_amount):
    page.set_viewport_size(PHONE_390)
    response = page.goto("/wskazniki/?na_dzien=2016-10-31")
    assert response is not None and response.ok
    assert "345,67 zł" in page.locator(".figures").first.inner_text()
    sizes = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: innerWidth})"
    )
    assert sizes["scroll"] <= sizes["inner"], sizes
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('.figures li')]
            .filter(card => card.scrollWidth > card.clientWidth + 1)
            .map(card => card.textContent.trim().slice(0, 40))"""
    )
    assert overflowing == []
    smallest = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('svg.bars')]
            .filter(svg => svg.querySelector('.bar-label')).map(svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const label = svg.querySelector('.bar-label, .bar-value');
            return parseFloat(getComputedStyle(label).fontSize) * scale;
        }))"""
    )
    assert smallest >= 12
