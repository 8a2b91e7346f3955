"""The period summary as tablib datasets (lib.spreadsheets writes the XLSX): the programme's
goal-2 report of barriers and recommendations."""

import tablib
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from partnerstwa.advocacy.models import BarrierStatus
from partnerstwa.advocacy.selectors import Summary
from partnerstwa.lib import illustrative


def _day(value) -> str:
    return date_format(value, "j E Y") if value else ""


def summary_datasets(summary: Summary) -> list[tablib.Dataset]:
    totals = tablib.Dataset(headers=[_("Status"), _("Barriers")], title=_("Summary")[:31])
    for status in BarrierStatus:
        totals.append([str(status.label), summary.by_status.get(status.value, 0)])
    totals.append([_("All barriers reported"), len(summary.barriers)])
    totals.append([_("Recommendations sent"), len(summary.recommendations)])
    totals.append(
        [_("Answered"), sum(1 for r in summary.recommendations if r.replied_on is not None)]
    )

    barriers = tablib.Dataset(
        headers=[
            _("Barrier"),
            _("Area of law"),
            _("Status"),
            _("Reported on"),
            _("Reported by"),
            _("Legal acts concerned"),
            illustrative.COLUMN,
        ],
        title=_("Barriers")[:31],
    )
    for barrier in summary.barriers:
        reporters = [o.name for o in barrier.organisations.all()]
        reporters += [p.name for p in barrier.partnerships.all()]
        barriers.append(
            [
                barrier.title,
                barrier.area.name,
                barrier.get_status_display(),
                _day(barrier.reported_on),
                "; ".join(reporters),
                "; ".join(str(reference) for reference in barrier.references.all()),
                illustrative.cell(barrier),
            ]
        )

    recommendations = tablib.Dataset(
        headers=[
            _("Recommendation"),
            _("Addressee"),
            _("Sent on"),
            _("Reply due"),
            _("Replied on"),
            _("Barriers"),
            illustrative.COLUMN,
        ],
        title=_("Recommendations")[:31],
    )
    for recommendation in summary.recommendations:
        recommendations.append(
            [
                recommendation.title,
                str(recommendation.addressee),
                _day(recommendation.sent_on),
                _day(recommendation.reply_due),
                _day(recommendation.replied_on),
                "; ".join(barrier.title for barrier in recommendation.barriers.all()),
                illustrative.cell(recommendation),
            ]
        )
    return [totals, barriers, recommendations]
