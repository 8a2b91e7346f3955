"""Sections that apps higher up add to a lower app's public page.

A lower app cannot import the apps built on it (the layers contract), so it declares a
PageSections for its page and those apps register a section there in their AppConfig.ready():
a template of their own and a function giving its context for the page's record. The page
renders them in the order they were registered.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable[[object], dict]


class PageSections:
    """The sections of one kind of page (a partnership's, an event's, a local government's)."""

    def __init__(self) -> None:
        self._sections: list[Section] = []

    def register(self, template: str, context: Callable[[object], dict]) -> None:
        section = Section(template, context)
        if section not in self._sections:  # ready() may run more than once in tests
            self._sections.append(section)

    def render(self, record, request: HttpRequest | None) -> list[SafeString]:
        """Each section rendered for the record, in the order they were registered."""
        return [
            render_to_string(section.template, section.context(record), request=request)
            for section in self._sections
        ]

    def render_joined(self, record, request: HttpRequest | None) -> SafeString:
        return mark_safe("".join(self.render(record, request)))  # each rendered by a template
