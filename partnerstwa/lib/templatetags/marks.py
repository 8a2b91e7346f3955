"""The mark of an illustrative (made-up) record, the same on every page."""

import functools

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

register = template.Library()


def _is_illustrative(record) -> bool:
    if isinstance(record, dict):
        return bool(record.get("is_illustrative"))
    return bool(getattr(record, "is_illustrative", False))


@register.simple_tag
def illustrative(record) -> str:
    """`{% illustrative partnership %}`: " [illustrative example]" when the record is made up,
    nothing otherwise (a plain tag: lists call it once a row, most rows real)."""
    if not _is_illustrative(record):
        return ""
    return _mark(get_language())


@functools.lru_cache(maxsize=8)
def _mark(language: str) -> str:
    """The mark in a language, made once (a list of made-up rows shows it on every row)."""
    return format_html(
        ' <span class="tag tag-illustrative" title="{}">{}</span>',
        gettext("Made-up demo record, marked as such wherever it is shown."),
        gettext("illustrative example"),
    )
