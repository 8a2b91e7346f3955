"""The dashboard's bar charts are drawn in Python: every label and figure is escaped, and each bar
is as wide as its share of the highest."""

import re
from decimal import Decimal

from django.utils import translation

from partnerstwa.indicators.views import BAR_WIDTH, _bars


def test_a_label_is_escaped_and_never_markup():
    svg = _bars([('Gmina "<b>Ząbki</b>" & Co', 5)])["svg"]
    assert "<b>" not in svg
    assert "Gmina &quot;&lt;b&gt;Ząbki&lt;/b&gt;&quot; &amp; Co" in svg


def test_each_bar_is_as_wide_as_its_share_of_the_highest_with_its_figure():
    with translation.override("pl"):
        svg = _bars([("2015", 40), ("2016", 4000), ("2017", Decimal("1000.000"))])["svg"]
    widths = re.findall(r'<rect x="0" y="\d+" height="\d+" width="([\d.]+)" class="bar"/>', svg)
    assert [float(width) for width in widths] == [BAR_WIDTH / 100, BAR_WIDTH, BAR_WIDTH / 4]
    values = re.findall(r'class="bar-value" font-size="13">([^<]*)</text>', svg)
    assert values == ["40", "4\xa0000", "1\xa0000"]
