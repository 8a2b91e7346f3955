import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale

from partnerstwa.content.models import (
    GalleryPage,
    HomePage,
    Identity,
    MultimediaIndexPage,
    NewsIndexPage,
    NewsPage,
)

_numbers = itertools.count(1)


def polish(model):
    """The page of `model` the data migration created in the Polish tree."""
    return model.objects.get(locale=Locale.objects.get(language_code="pl"))


def home() -> HomePage:
    return polish(HomePage)


def news(*, title: str = "Aktualność", date=datetime.date(2016, 10, 18), live=True, **fields):
    index = polish(NewsIndexPage)
    fields.setdefault("lead", "Krótko o tym, co się wydarzyło.")
    fields.setdefault("body", "<p>Treść aktualności.</p>")
    slug = fields.pop("slug", f"aktualnosc-{next(_numbers)}")
    page = NewsPage(title=title, slug=slug, date=date, live=live, **fields)
    index.add_child(instance=page)
    return page


def gallery(*, title: str = "Galeria", items=(), **fields) -> GalleryPage:
    index = polish(MultimediaIndexPage)
    page = GalleryPage(
        title=title,
        slug=f"galeria-{next(_numbers)}",
        date=datetime.date(2016, 10, 18),
        items=list(items),
        **fields,
    )
    index.add_child(instance=page)
    return page


def identity(**fields) -> Identity:
    fields.setdefault("name_pl", "Związek Miast Polskich")
    fields.setdefault(
        "funding_statement_pl",
        "Projekt korzysta z dofinansowania pochodzącego z Funduszy EOG.",
    )
    return Identity.objects.create(**fields)


def editor(**fields):
    """A member of the editors' group: pages and news, nothing of the programme's records."""
    user = get_user_model().objects.create_user(
        f"redaktor{next(_numbers)}", password="haslo-redakcji-1", **fields
    )
    user.groups.add(Group.objects.get(name="Redaktorzy"))
    return user


def superuser():
    return get_user_model().objects.create_superuser(
        f"admin{next(_numbers)}", password="haslo-admina-1"
    )
