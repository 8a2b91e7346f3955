import datetime
import html

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from partnerstwa.indicators import selectors
from partnerstwa.indicators.computation import GROUPS, INDICATORS, as_json, compute, indicator_of
from partnerstwa.indicators.template import template_workbook
from partnerstwa.indicators.templatetags.figures import figure
from partnerstwa.lib.addresses import address_of
from partnerstwa.lib.downloads import XLSX, download
from partnerstwa.lib.text import parse_int
from partnerstwa.programme.selectors import programme_current

# The charts are drawn no wider than a 390 px phone's content, so they are never scaled down
# and their 13 px labels stay readable; each bar's label sits above it.
CHART_WIDTH = 340
BAR_WIDTH = 240  # the longest bar; the value is written after it
ROW_HEIGHT = 36
LABEL_BASELINE = 14
BAR_TOP = 19
BAR_HEIGHT = 12


# Local government in its present form dates from 1990; a day after next year counts nothing
# more than plans. Outside these bounds the day is taken as malformed (the default is shown).
EARLIEST_DAY = datetime.date(1990, 1, 1)
# The chart over the years covers at most this many years, ending with the chosen one.
MAX_YEARS = 15


def _day(request: HttpRequest, programme) -> datetime.date:
    """The chosen day, or the default one: the programme's end once it has ended, else today."""
    today = timezone.localdate()
    default = selectors.default_day(today, programme)
    try:
        day = datetime.date.fromisoformat(request.GET.get("na_dzien", ""))
    except ValueError:
        return default
    if not EARLIEST_DAY <= day <= datetime.date(today.year + 1, 12, 31):
        return default
    return day


def _bars(rows: list[tuple[str, object]], unit: str = "count") -> dict:
    """A horizontal bar chart laid out for the server-drawn SVG; the table beside it says the
    same, so the drawing is hidden from screen readers."""
    highest = max((float(value) for _label, value in rows), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(rows):
        width = round(float(value) / highest * BAR_WIDTH, 1)
        top = index * ROW_HEIGHT
        bars.append(
            {
                "label": label,
                "value": value,
                "y": top + BAR_TOP,
                "text_y": top + LABEL_BASELINE,
                "value_y": top + BAR_TOP + BAR_HEIGHT - 1,
                "width": width,
                "value_x": width + 6,
            }
        )
    height = max(len(rows), 1) * ROW_HEIGHT
    return {
        "bars": bars,
        "unit": unit,
        "bar_height": BAR_HEIGHT,
        "width": CHART_WIDTH,
        "height": height,
        "svg": _svg(bars, unit, height),
    }


def _svg(bars: list[dict], unit: str, height: int) -> str:
    """The chart's drawing, written here rather than by a template: a dashboard draws a few
    hundred bars, and a template's tags cost more per bar than the page's whole budget. The
    coordinates are numbers made here; the label and the figure are escaped."""
    drawn = "".join(
        f'<text x="0" y="{bar["text_y"]}" class="bar-label" font-size="13">'
        f"{html.escape(str(bar['label']))}</text>"
        f'<rect x="0" y="{bar["y"]}" height="{BAR_HEIGHT}" width="{bar["width"]}" class="bar"/>'
        f'<text x="{bar["value_x"]}" y="{bar["value_y"]}" class="bar-value" font-size="13">'
        f"{html.escape(str(figure(bar['value'], unit)))}</text>\n"
        for bar in bars
    )
    # Every value above is a number made here or escaped.
    return mark_safe(
        f'<svg class="bars" viewBox="0 0 {CHART_WIDTH} {height}" width="{CHART_WIDTH}" '
        f'height="{height}" aria-hidden="true" focusable="false">\n{drawn}</svg>'
    )


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    programme = programme_current()
    day = _day(request, programme)
    association = settings.PROGRAMME_ASSOCIATION
    values = compute(day, association)
    targets = selectors.targets()
    groups = []
    records = address_of("indicators:records")
    for key, label in GROUPS.items():
        figures = []
        for indicator in INDICATORS:
            if indicator.group != key:
                continue
            target = targets.get(indicator.code)
            progress = target.progress(values[indicator.code]) if target else None
            figures.append(
                {
                    "indicator": indicator,
                    "value": values[indicator.code],
                    "target": target,
                    "progress": round(progress * 100) if progress is not None else None,
                    "records_url": f"{records(indicator.code)}?na_dzien={day.isoformat()}",
                }
            )
        groups.append({"label": label, "figures": figures})
    first_year = programme.starts_on.year if programme and programme.starts_on else day.year - 4
    first_year = max(min(first_year, day.year), day.year - MAX_YEARS + 1)
    years = selectors.over_the_years(first_year, day, association)
    series = [
        {
            "indicator": indicator,
            "chart": _bars([(str(year.year), year.values[indicator.code]) for year in years]),
        }
        for indicator in INDICATORS
        if indicator.series
    ]
    regions = selectors.by_voivodeship(day)
    return render(
        request,
        "indicators/dashboard.html",
        {
            "day": day,
            "groups": groups,
            "series": series,
            "year_rows": [
                (
                    year.year,
                    [
                        {
                            "name": item["indicator"].name,
                            "value": year.values[item["indicator"].code],
                        }
                        for item in series
                    ],
                )
                for year in years
            ],
            "regions": regions,
            "region_chart": _bars([(row["name"], row["local_governments"]) for row in regions]),
            "kinds": selectors.by_kind(day),
        },
    )


@require_GET
def figure_records(request: HttpRequest, code: str) -> HttpResponse:
    try:
        indicator = indicator_of(code)
    except KeyError:
        raise Http404 from None
    day = _day(request, programme_current())
    number = parse_int(request.GET.get("page"), max_digits=6) or 1
    kind, shown, total = selectors.records_shown(
        code, day, settings.PROGRAMME_ASSOCIATION, page=number
    )
    # The page as stored (a number past the last gives the last); the rows are its own.
    page = Paginator(range(total), selectors.RECORDS_PAGE).get_page(number)
    page.object_list = shown
    for row in shown:
        # The page's one mark: on a row made up or counted only through made-up records.
        row.is_illustrative = row.marked
    return render(
        request,
        "indicators/records.html",
        {
            "indicator": indicator,
            "day": day,
            "kind": kind,
            "rows": shown,
            "page": page,
            "total": total,
            "any_marked": any(row.marked for row in shown),
        },
    )


@require_GET
def open_data(request: HttpRequest) -> JsonResponse:
    day = _day(request, programme_current())
    association = settings.PROGRAMME_ASSOCIATION
    report = as_json(compute(day, association), day)
    # Whether made-up (demo) records count in these figures: the figures alone cannot say.
    report["includes_illustrative"] = selectors.includes_illustrative(day, association)
    return JsonResponse(report, json_dumps_params={"ensure_ascii": False, "indent": 2})


@require_GET
def package_template(request: HttpRequest) -> HttpResponse:
    return download(template_workbook(), "pakiet-programu-wzor.xlsx", XLSX)
