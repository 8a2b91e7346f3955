"""The rows of the table of units below a unit, for its public page.

Written here with lib.html (format_html's output, each value escaped in one call) rather than
in a {% for %} loop of the template: a row shows the unit, its code, its type, its organisation
and the organisation's memberships with three data labels, some twenty look-ups through the
template engine, on every row of a voivodeship's 30 powiats (the same measure as
partnerships.templatetags.partnership_rows). The markup is the loop's as it was; the table
around the rows stays in the template.
"""

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from partnerstwa.lib.html import html_format, html_rows
from partnerstwa.lib.templatetags.marks import illustrative

register = template.Library()

_ROW = (
    '<tr><th scope="row"><a href="{}">{}</a></th><td data-label="{}">{}</td>'
    '<td data-label="{}">{}</td><td data-label="{}">{}</td></tr>'
)


@register.simple_tag
def unit_rows(children) -> str:
    """`{% unit_rows children %}`: a row for each unit (with its page's `url` and its
    `organisation_list`, each organisation with its `current_memberships`) — the unit linked to
    its page, its TERC code, its type, and its organisation (marked when made up) with a badge
    for each association it belongs to; a dash when it has none."""
    code_label, type_label, organisation_label = (
        gettext("TERC code"),
        gettext("Type"),
        gettext("Organisation"),
    )
    none_yet = html_format(
        '<span class="muted" title="{}">—</span>', gettext("No organisation yet")
    )
    return html_rows(
        "\n",
        _ROW,
        (
            (
                child.url,
                child.display_name,
                code_label,
                child.code,
                type_label,
                child.kind_label,
                organisation_label,
                _organisations(child.organisation_list) or none_yet,
            )
            for child in children
        ),
    )


def _organisations(organisations) -> SafeString:
    return html_rows(
        "",
        "{}{} {}",
        (
            (
                organisation.name,
                illustrative(organisation),
                _badges(organisation.current_memberships),
            )
            for organisation in organisations
        ),
    )


def _badges(memberships) -> SafeString:
    return html_rows(
        "",
        '<span class="badge" title="{}">{}</span>{} ',
        (
            (membership.association.name, membership.association.code, illustrative(membership))
            for membership in memberships
        ),
    )
