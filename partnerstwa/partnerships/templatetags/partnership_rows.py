"""The rows of a partnership's public page that come in numbers: its members, and the units
its local-government members govern.

Written here with lib.html (format_html's output, each value escaped in one call) rather than
in a {% for %} loop of the template: a member's row shows six values and three data labels, a
dozen look-ups through the template engine: a national partnership's members' tables took
1.35 ms of the page's 10, and 0.81 ms written here with format_html (tenth percentiles in
process). The markup is the loops' as it was; the table or list around the rows stays in the
template.
"""

from django import template
from django.utils.html import escape
from django.utils.translation import gettext

from partnerstwa.lib.dates import long_date
from partnerstwa.lib.html import html_format, html_rows
from partnerstwa.lib.templatetags.marks import illustrative
from partnerstwa.partnerships.models import MemberRole

register = template.Library()

_ROW = (
    '<tr><th scope="row">{}{}</th><td data-label="{}">{}</td><td data-label="{}">{}</td>'
    '<td data-label="{}">{}</td></tr>'
)


@register.simple_tag
def member_rows(members) -> str:
    """`{% member_rows group.members %}`: a row for each member (MemberRow) — its organisation
    linked to its unit's page (when it is a local government), marked when made up; its role;
    when it joined and left ("—" when not known or not left)."""
    # What every row repeats is escaped once.
    role_label, joined_label, left_label = (
        escape(gettext("Role")),
        escape(gettext("Joined on")),
        escape(gettext("Left on")),
    )
    roles = {role.value: escape(role.label) for role in MemberRole}
    return html_rows(
        "\n",
        _ROW,
        (
            (
                _organisation(member),
                illustrative(member),
                role_label,
                roles.get(member.role, member.role),
                joined_label,
                long_date(member.joined_on) if member.joined_on else "—",
                left_label,
                long_date(member.left_on) if member.left_on else "—",
            )
            for member in members
        ),
    )


def _organisation(member) -> str:
    if member.unit is None:
        return member.name
    return html_format('<a href="{}">{}</a>', member.unit.url, member.name)


@register.simple_tag
def unit_links(units) -> str:
    """`{% unit_links territory.units %}`: an item for each unit (with its page's `url`),
    named in full ("Kłodzko (gmina miejska)", "powiat kłodzki") and linked to its page."""
    return html_rows("", '<li><a href="{}">{}</a></li>', ((unit.url, str(unit)) for unit in units))
