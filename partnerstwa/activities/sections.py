"""Sections that apps above activities add to an event's public page.

Activities cannot import the apps built on it (the layers contract), so those apps register a
section here in their AppConfig.ready(): a template of their own and a function giving its
context. The page renders them, in the order they were registered, with `{% event_sections %}`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from partnerstwa.activities.models import Event


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable[[Event], dict]


_SECTIONS: list[Section] = []


def event_section_register(template: str, context: Callable[[Event], dict]) -> None:
    section = Section(template, context)
    if section not in _SECTIONS:  # ready() may run more than once in tests
        _SECTIONS.append(section)


def event_sections(event: Event, request: HttpRequest | None) -> SafeString:
    return mark_safe(
        "".join(
            render_to_string(section.template, section.context(event), request=request)
            for section in _SECTIONS
        )
    )
