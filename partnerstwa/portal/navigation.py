"""The portal's main navigation: one list, shown by the layout (base.html)."""

import functools

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (URL name, or the path of an editors' page; the link's text), in the order shown.
MAIN = (
    ("portal:home", _("Programme")),
    ("activities:list", _("Events")),
    ("/aktualnosci/", _("News")),
    ("partnerships:list", _("Partnerships")),
    ("indicators:dashboard", _("In numbers")),
    ("contests:index", _("Contest")),
    ("advocacy:list", _("Legal barriers")),
    ("library:list", _("Documents")),
    ("library:search", _("Search")),
    ("registry:unit_index", _("Local governments")),
)


@functools.cache
def main_links() -> tuple[tuple[str, object], ...]:
    """(address, text) of each link; addresses do not change while the process runs."""
    return tuple(
        (target if target.startswith("/") else reverse(target), text) for target, text in MAIN
    )


def current(path: str) -> str:
    """The address of the main link the page at `path` is, or "" (no link is marked)."""
    return next((url for url, _text in main_links() if url == path), "")
