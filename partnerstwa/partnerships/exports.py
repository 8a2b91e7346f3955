"""Exports of the partnership list (lib.spreadsheets writes the CSV and XLSX)."""

import tablib
from django.utils.translation import gettext as _

from partnerstwa.lib import illustrative
from partnerstwa.partnerships.models import AreaKind, PartnershipStatus


def partnership_dataset(partnerships) -> tablib.Dataset:
    dataset = tablib.Dataset(
        headers=[
            _("Partnership"),
            _("Kind of area"),
            _("Status"),
            _("Formed on"),
            _("Leader"),
            _("Members"),
            _("Public sector members"),
            _("Social sector members"),
            _("Private sector members"),
            _("Total value of projects (PLN)"),
            _("Grants (PLN)"),
            str(illustrative.COLUMN),
        ],
        title=_("Partnerships")[:31],
    )
    for partnership in partnerships:
        leader = partnership.leader_names[0] if partnership.leader_names else ""
        dataset.append(
            [
                partnership.name,
                str(AreaKind(partnership.area_kind).label),
                str(PartnershipStatus(partnership.status).label),
                partnership.formed_on,
                leader,
                partnership.member_count,
                partnership.public_members,
                partnership.social_members,
                partnership.private_members,
                partnership.projects_value,
                partnership.projects_grant,
                illustrative.cell(partnership),
            ]
        )
    return dataset
