"""Pieces of rendered pages that tests of several apps compare."""


def filter_form(page: str) -> str:
    """The list's filter form (portal/_filters.html) as the page holds it."""
    start = page.index('<form method="get" class="filters"')
    return page[start : page.index("</form>", start)]
