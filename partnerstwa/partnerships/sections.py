"""Sections that apps above partnerships add to a partnership's public page.

Partnerships cannot import the apps built on it (the layers contract), so those apps register a
section here in their AppConfig.ready(): a template of their own and a function giving its
context. The page's view renders them in the order they were registered.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from partnerstwa.partnerships.models import Partnership


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable[[Partnership], dict]


_SECTIONS: list[Section] = []


def partnership_section_register(template: str, context: Callable[[Partnership], dict]) -> None:
    section = Section(template, context)
    if section not in _SECTIONS:  # ready() may run more than once in tests
        _SECTIONS.append(section)


def partnership_sections(partnership: Partnership, request: HttpRequest) -> list[SafeString]:
    return [
        render_to_string(section.template, section.context(partnership), request=request)
        for section in _SECTIONS
    ]
