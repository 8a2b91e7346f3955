"""Rich text as shown to visitors: Wagtail's expansion of links and images, then an allow-list.

The editor's own converter keeps scripts out of what editors type, but rich text also arrives
by other ways (a revision written by code, an import, the API); whatever the way, the page shows
only the allowed elements and attributes, and a script's text is dropped, not shown.
"""

from django.utils.safestring import SafeString, mark_safe
from wagtail.rich_text import expand_db_html
from wagtail.whitelist import DEFAULT_ELEMENT_RULES, Whitelister, attribute_rule, check_url

DROPPED = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript"})


class _VisitorWhitelister(Whitelister):
    element_rules = {
        **DEFAULT_ELEMENT_RULES,
        "a": attribute_rule({"href": check_url}),
        "img": attribute_rule(
            {"src": check_url, "width": True, "height": True, "alt": True, "class": True}
        ),
        "blockquote": attribute_rule({}),
        "code": attribute_rule({}),
        "s": attribute_rule({}),
    }

    def clean_tag_node(self, doc, tag):
        if tag.name in DROPPED:
            tag.decompose()
            return
        super().clean_tag_node(doc, tag)


_whitelister = _VisitorWhitelister()


def render(html) -> SafeString:
    """The visitor's HTML of a rich-text value (a RichTextField's string or a block's RichText)."""
    source = getattr(html, "source", html) or ""
    return mark_safe(_whitelister.clean(expand_db_html(source)))
