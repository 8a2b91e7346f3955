"""Template fragments every page shares, made once per change of the data they show.

    {% load keep %}
    {% keep "footer" "programme content wagtailimages" %} … {% endkeep %}
    {% keep "nav" "" nav_current %} … {% endkeep %}

The first argument names the fragment, the second lists the apps whose records it shows ("":
none, the fragment is made once per process and language); the rest are values it also depends
on (the language always is one). What the fragment renders is kept in this process until one of
those apps changes (lib.freshness.fragment). A fragment must not show anything of one visitor's
(a form's CSRF token, messages, the user's name): one holding a CSRF token is never kept. With
READ_CACHE off (tests, DEBUG) every fragment is rendered each time.
"""

from collections.abc import Hashable

from django import template
from django.utils.safestring import mark_safe

from partnerstwa.lib import freshness

register = template.Library()


class KeepNode(template.Node):
    def __init__(self, nodelist, name: str, scopes: tuple[str, ...], vary: list) -> None:
        self.nodelist, self.name, self.scopes, self.vary = nodelist, name, scopes, vary

    def render(self, context) -> str:
        vary = tuple(_hashable(expression.resolve(context)) for expression in self.vary)
        return mark_safe(
            freshness.fragment(self.name, self.scopes, vary, lambda: self.nodelist.render(context))
        )


def _hashable(value) -> Hashable:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "_meta") and hasattr(value, "pk"):  # a model instance: which one
        return (value._meta.label, value.pk)
    return str(value)


def _literal(bit: str, parser, token) -> str:
    if len(bit) < 2 or bit[0] != bit[-1] or bit[0] not in "\"'":
        raise template.TemplateSyntaxError(
            f"{token.contents.split()[0]}: the fragment's name and apps are quoted strings"
        )
    return bit[1:-1]


@register.tag("keep")
def keep(parser, token) -> KeepNode:
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(
            '{% keep "name" "app app…" value… %}: a name and the apps it shows'
        )
    name = _literal(bits[1], parser, token)
    scopes = tuple(_literal(bits[2], parser, token).split())
    unknown = set(scopes) - set(freshness.WATCHED)
    if unknown:
        raise template.TemplateSyntaxError(
            f"keep {name!r}: {', '.join(sorted(unknown))} is not a watched app"
        )
    vary = [parser.compile_filter(bit) for bit in bits[3:]]
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    return KeepNode(nodelist, name, scopes, vary)
