import datetime

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partnerstwa.indicators import selectors
from partnerstwa.indicators.computation import GROUPS, INDICATORS, as_json, compute, indicator_of
from partnerstwa.indicators.models import IndicatorTarget
from partnerstwa.indicators.template import template_workbook
from partnerstwa.lib.downloads import XLSX, download
from partnerstwa.programme.selectors import programme_current

CHART_WIDTH = 300  # the longest bar
LABEL_WIDTH = 150
ROW_HEIGHT = 22


# Local government in its present form dates from 1990; a day after next year counts nothing
# more than plans. Outside these bounds the day is taken as malformed (today is shown).
EARLIEST_DAY = datetime.date(1990, 1, 1)
# The chart over the years covers at most this many years, ending with the chosen one.
MAX_YEARS = 15


def _day(request: HttpRequest) -> datetime.date:
    today = timezone.localdate()
    try:
        day = datetime.date.fromisoformat(request.GET.get("na_dzien", ""))
    except ValueError:
        return today
    if not EARLIEST_DAY <= day <= datetime.date(today.year + 1, 12, 31):
        return today
    return day


def _bars(rows: list[tuple[str, object]], unit: str = "count") -> dict:
    """A horizontal bar chart laid out for the server-drawn SVG; the table beside it says the
    same, so the drawing is hidden from screen readers."""
    highest = max((float(value) for _label, value in rows), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(rows):
        width = round(float(value) / highest * CHART_WIDTH, 1)
        bars.append(
            {
                "label": label,
                "value": value,
                "y": index * ROW_HEIGHT,
                "text_y": index * ROW_HEIGHT + 15,
                "width": width,
                "value_x": LABEL_WIDTH + width + 6,
            }
        )
    return {
        "bars": bars,
        "unit": unit,
        "label_width": LABEL_WIDTH,
        "width": LABEL_WIDTH + CHART_WIDTH + 110,
        "height": max(len(rows), 1) * ROW_HEIGHT,
    }


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    association = settings.PROGRAMME_ASSOCIATION
    values = compute(day, association)
    targets = {target.code: target for target in IndicatorTarget.objects.all()}
    groups = []
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
                }
            )
        groups.append({"label": label, "figures": figures})
    programme = programme_current()
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
                (year.year, [year.values[item["indicator"].code] for item in series])
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
    day = _day(request)
    kind, rows = selectors.records(code, day, settings.PROGRAMME_ASSOCIATION)
    return render(
        request,
        "indicators/records.html",
        {
            "indicator": indicator,
            "day": day,
            "kind": kind,
            "rows": rows[:2000],
            "total": rows.count(),
        },
    )


@require_GET
def open_data(request: HttpRequest) -> JsonResponse:
    day = _day(request)
    report = as_json(compute(day, settings.PROGRAMME_ASSOCIATION), day)
    return JsonResponse(report, json_dumps_params={"ensure_ascii": False, "indent": 2})


@require_GET
def package_template(request: HttpRequest) -> HttpResponse:
    return download(template_workbook(), "pakiet-programu-wzor.xlsx", XLSX)
