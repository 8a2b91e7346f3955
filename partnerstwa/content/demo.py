"""The demo's editors' pages: the home composed, news written from public facts about the
reference programme (reference.yaml), the identity, and the accessibility statement's facts.

What is made up is marked illustrative. No photograph is made up: the demo has no gallery (a
drawn placeholder on screen would be fake data); editors add real photographs in the CMS.
"""

import datetime

from django.conf import settings
from django.utils import dateformat
from wagtail.rich_text import RichText

from partnerstwa.activities.models import Event
from partnerstwa.content.models import (
    AccessibilityStatementPage,
    HomePage,
    Identity,
    NewsIndexPage,
    NewsPage,
)
from partnerstwa.content.services import site_tree_ensure

# The standard wording the EEA and Norway Grants ask beneficiaries to use (2009–2014 period).
FUNDING_STATEMENT_PL = (
    "Projekt „Budowanie kompetencji do współpracy międzysamorządowej i międzysektorowej jako "
    "narzędzia rozwoju lokalnego i regionalnego” korzysta z dofinansowania pochodzącego "
    "z Islandii, Liechtensteinu i Norwegii w ramach funduszy EOG."
)
FUNDING_STATEMENT_EN = (
    "The project “Building competences for inter-municipal and cross-sector cooperation as a "
    "tool of local and regional development” benefits from a grant from Iceland, Liechtenstein "
    "and Norway through the EEA Grants."
)
COMPLAINTS = (
    "<p>Każdy ma prawo wystąpić z żądaniem zapewnienia dostępności cyfrowej strony internetowej "
    "lub jej elementu albo zapewnienia dostępu alternatywnego. Żądanie powinno zawierać dane "
    "osoby zgłaszającej, wskazanie strony lub elementu strony oraz sposób kontaktu. Podmiot "
    "publiczny realizuje żądanie niezwłocznie, nie później niż w ciągu 7 dni; jeśli nie jest to "
    "możliwe, informuje o tym i o terminie realizacji, nie dłuższym niż 2 miesiące.</p>"
    "<p>Na odmowę zapewnienia dostępności cyfrowej lub dostępu alternatywnego przysługuje "
    "skarga. Po wyczerpaniu tej procedury można złożyć wniosek do Rzecznika Praw "
    "Obywatelskich.</p>"
)


def _story(data: dict) -> str:
    goals = data.get("goals") or {}
    items = "".join(f"<li>{goals[key]}</li>" for key in ("goal_1", "goal_2") if goals.get(key))
    return f"<p>Program miał dwa cele:</p><ul>{items}</ul>" if items else ""


def _news(index: NewsIndexPage, *, slug: str, **fields) -> bool:
    if NewsPage.objects.filter(slug=slug, locale=index.locale).exists():
        return False
    page = NewsPage(slug=slug, **fields)
    index.add_child(instance=page)
    page.save_revision().publish()
    return True


def content_demo_load(data: dict) -> int:
    """Idempotent: what exists is left as editors may have changed it. Returns the number of
    news items added."""
    site_tree_ensure()
    programme = data.get("programme") or {}
    home = HomePage.objects.get(locale__language_code="pl")
    if not any(block.block_type == "story" for block in home.body):
        story = _story(data)
        if story:
            home.body = [
                ("story", {"heading": "O programie", "text": RichText(story)}),
                *[(block.block_type, block.value) for block in home.body],
            ]
            home.save_revision().publish()

    if not Identity.objects.exists():
        privacy = data.get("privacy") or {}
        Identity.objects.create(
            name_pl=programme.get("operator", ""),
            name_en="Association of Polish Cities" if programme.get("operator") else "",
            funding_statement_pl=FUNDING_STATEMENT_PL,
            funding_statement_en=FUNDING_STATEMENT_EN,
            address=privacy.get("address", ""),
        )

    statement = AccessibilityStatementPage.objects.get(locale__language_code="pl")
    if not statement.entity_name:
        statement.entity_name = programme.get("operator", "")
        statement.website_address = settings.SITE_URL + "/"
        statement.compliance = "partial"
        statement.method = "Samoocena przeprowadzona przez podmiot publiczny."
        statement.complaint_procedure = COMPLAINTS
        # The compliance status and the method are the demo's assumption, not an audit's result.
        statement.is_illustrative = True
        statement.save_revision().publish()

    index = NewsIndexPage.objects.get(locale__language_code="pl")
    added = 0
    closing = programme.get("closing_conference") or {}
    if closing.get("date"):
        day = dateformat.format(closing["date"], "j E Y")
        added += _news(
            index,
            slug="konferencja-zamykajaca-program",
            title=f"Konferencja zamykająca program – {closing.get('city', '')}, {day}",
            date=closing["date"],
            lead=(
                f"{day} r. odbyła się konferencja zamykająca program współpracy "
                f"międzysamorządowej i międzysektorowej (miejsce: {closing.get('city', '')})."
            ),
            body=(
                f"<p>Program „{programme.get('name', '')}” prowadził "
                f"{programme.get('operator', '')} wraz z partnerami: "
                f"{', '.join(programme.get('partners') or [])}.</p>"
                f"<p>Finansowanie: {programme.get('funding', '')}. Program trwał do "
                "31 października 2016 r.</p>"
                "<p>Wyniki programu na dzień jego zakończenia pokazuje strona główna.</p>"
            ),
        )
    for edition in data.get("contest") or ():
        named = edition.get("laureates_named")
        if not (edition.get("decided_on") and named):
            continue
        added += _news(
            index,
            slug=f"rozstrzygniecie-konkursu-{edition['edition']}",
            title=f"Rozstrzygnięto konkurs – edycja {edition['edition']}",
            date=edition["decided_on"],
            lead=f"Konkurs rozstrzygnięto podczas wydarzenia: {edition.get('where', '')}.",
            body="<p>Nagrodzeni:</p><ul>"
            + "".join(f"<li>{name}</li>" for name in named)
            + f"</ul><p>Źródło: {edition.get('source', '')}</p>",
        )
    training = Event.objects.filter(slug="przyklad-szkolenie-wspolpraca").first()
    if (
        training is not None
        and not NewsPage.objects.filter(slug="przyklad-zaproszenie-na-szkolenie").exists()
    ):
        added += _news(
            index,
            slug="przyklad-zaproszenie-na-szkolenie",
            title="Przykład: zaproszenie na szkolenie o współpracy międzysamorządowej",
            date=datetime.date.today(),
            lead="Przykładowa aktualność demonstracyjna zapowiadająca szkolenie z kalendarza.",
            body="<p>Ta aktualność jest przykładem wymyślonym na potrzeby demonstracji.</p>",
            is_illustrative=True,
        )
        news = NewsPage.objects.get(slug="przyklad-zaproszenie-na-szkolenie")
        news.related_events.add(training)
        news.save_revision().publish()
    return added
