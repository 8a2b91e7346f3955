"""Content shown in the visitor's language, and marked as Polish where it falls back.

The programme's texts are kept in both languages (django-modeltranslation, fallback Polish).
Where the English text is missing the Polish one is shown, and WCAG 3.1.2 wants its language
said: ``<h1{{ event|lang_attr:"title" }}>{{ event.title }}</h1>`` or ``{% tr event "title" %}``.
"""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from partnerstwa.lib.html import html_format

register = template.Library()


def fallback_language(obj, field: str) -> str:
    """The language the field is shown in when it is not the visitor's, else ""."""
    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    language = (get_language() or source).split("-")[0]
    if obj is None or language == source:
        return ""
    own = getattr(obj, f"{field}_{language}", None)
    if own:
        return ""
    return source if getattr(obj, f"{field}_{source}", None) else ""


def lang_attribute(language: str) -> str:
    """` lang="pl"` for a language's code, nothing for none."""
    return html_format(' lang="{}"', language) if language else mark_safe("")


@register.filter
def lang_attr(obj, field: str) -> str:
    """` lang="pl"` for an element whose text falls back to Polish, else nothing."""
    return lang_attribute(fallback_language(obj, field))


@register.simple_tag
def tr(obj, field: str) -> str:
    """The field's text in the visitor's language; a Polish fallback wrapped in a span that
    says so."""
    value = getattr(obj, field, "") or ""
    language = fallback_language(obj, field)
    if language:
        return format_html('<span lang="{}">{}</span>', language, value)
    return value
