"""The ranking workbook of an edition, as tablib datasets (lib.spreadsheets writes the XLSX)."""

import tablib
from django.utils.translation import gettext as _

from partnerstwa.contests import selectors
from partnerstwa.contests.models import ApplicationStatus, ContestEdition
from partnerstwa.lib import illustrative


def ranking_datasets(
    edition: ContestEdition, *, hidden: frozenset[int] | set[int]
) -> list[tablib.Dataset]:
    """The ranking and every counted score, without the applications in `hidden`."""
    ranked = selectors.ranking(edition, hidden=hidden)
    ranking_sheet = tablib.Dataset(
        headers=[
            _("Rank"),
            _("Applicant"),
            _("Practice"),
            _("Category"),
            _("Status"),
            _("Jurors"),
            _("Weighted mean"),
            _("Share of the maximum") + " (%)",
            _("Tied"),
            illustrative.COLUMN,
        ],
        title=_("Ranking")[:31],
    )
    for row in ranked:
        ranking_sheet.append(
            [
                row.rank,
                str(row.application.applicant),
                row.application.title,
                str(row.application.category or ""),
                str(ApplicationStatus(row.application.status).label),
                row.jurors,
                round(row.mean, 2) if row.mean is not None else None,
                round(row.percent, 1) if row.percent is not None else None,
                _("yes") if row.tied else "",
                illustrative.cell(row.application),
            ]
        )
    scores_sheet = tablib.Dataset(
        headers=[
            _("Applicant"),
            _("Practice"),
            _("Juror"),
            _("Criterion"),
            _("Weight"),
            _("Points"),
            _("Comment"),
            illustrative.COLUMN,
        ],
        title=_("Scores")[:31],
    )
    for score in selectors.edition_scores(edition, hidden=hidden):
        scores_sheet.append(
            [
                str(score.application.applicant),
                score.application.title,
                str(score.juror.person),
                score.criterion.name,
                score.criterion.weight,
                score.points,
                score.comment,
                illustrative.cell(score.application),
            ]
        )
    return [ranking_sheet, scores_sheet]
