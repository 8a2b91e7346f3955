from django import template
from django.utils.safestring import SafeString

from partnerstwa.content import richtext

register = template.Library()


@register.filter
def visitor_richtext(value) -> SafeString:
    """`{{ page.body|visitor_richtext }}`: rich text with links expanded and nothing else than
    the allowed elements (no script, no event handler attributes)."""
    return richtext.render(value)
