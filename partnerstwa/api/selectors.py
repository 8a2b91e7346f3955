"""Reads of the API: what the public pages show, as rows of named fields.

Each list names its fields (values()), so a field added to a model never reaches the API unless it
is added here and to the schema: personal data cannot slip out by accident. The public rules are
the owning apps' own (published(), public(), live()); filters are the public pages' filters."""

import datetime
from collections import defaultdict
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from partnerstwa.activities.models import Attendance, Event, Registration
from partnerstwa.advocacy.models import LegalBarrier, Recommendation
from partnerstwa.advocacy.selectors import public_barriers
from partnerstwa.contests.models import AWARDS, Application, ContestEdition
from partnerstwa.indicators import selectors as indicator_selectors
from partnerstwa.indicators.computation import GROUPS, INDICATORS, as_json, compute
from partnerstwa.lib import pages as wagtail_pages
from partnerstwa.library.selectors import document_listing
from partnerstwa.partnerships.models import Deliverable, Partnership, PartnershipMember, Project
from partnerstwa.partnerships.selectors import PartnershipFilters, partnership_list
from partnerstwa.registry.models import (
    Association,
    AssociationMembership,
    Organisation,
    TerritorialUnit,
)

UNIT_FIELDS = ("code", "level", "unit_type", "name", "name_extra", "valid_from", "retired_on")


def renaming(**names: str) -> Callable[[list[dict]], list[dict]]:
    """Rows given the API's names for what they were read under (values() cannot annotate a
    value under the name of a model field, so `organisation_ref` becomes `organisation`)."""

    def rename(rows: list[dict]) -> list[dict]:
        for row in rows:
            for name, read_as in names.items():
                row[name] = row.pop(read_as)
        return rows

    return rename


def units(*, level: str = "", voivodeship: str = "", in_force: bool = True) -> QuerySet:
    rows = TerritorialUnit.objects.all()
    if in_force:
        rows = rows.in_force()
    if level:
        rows = rows.filter(level=level)
    if voivodeship:
        rows = rows.in_voivodeship(voivodeship)
    return rows.values(*UNIT_FIELDS, parent_code=F("parent__code"))


unit_rows = renaming(parent="parent_code")


ORGANISATION_FIELDS = ("id", "kind", "name", "short_name", "nip", "regon", "krs", "website")


def organisations(*, kind: str = "", voivodeship: str = "", query: str = "") -> QuerySet:
    rows = Organisation.objects.all()
    if kind:
        rows = rows.filter(kind=kind)
    if voivodeship:
        rows = rows.in_voivodeship(voivodeship)
    if query:
        rows = rows.filter(name__icontains=query)
    return rows.values(
        *ORGANISATION_FIELDS, "is_illustrative", territorial_unit_code=F("territorial_unit__code")
    )


organisation_rows = renaming(territorial_unit="territorial_unit_code")


def associations() -> QuerySet:
    return Association.objects.values("code", "name", "country", "website")


def memberships(
    *, association: str = "", organisation: int | None = None, on: datetime.date | None = None
) -> QuerySet:
    rows = AssociationMembership.objects.all()
    if on:
        rows = rows.in_force_on(on)
    if association:
        rows = rows.filter(association__code=association)
    if organisation:
        rows = rows.filter(organisation_id=organisation)
    return rows.values(
        "id",
        "joined_on",
        "left_on",
        "is_illustrative",
        association_code=F("association__code"),
        organisation_ref=F("organisation_id"),
    )


membership_rows = renaming(association="association_code", organisation="organisation_ref")


PARTNERSHIP_FIELDS = (
    "id",
    "slug",
    "name_pl",
    "name_en",
    "area_kind",
    "status",
    "formed_on",
    "agreement_signed_on",
    "description_pl",
    "description_en",
    "website",
    "declared_partner_count",
    "is_illustrative",
)


def partnerships(filters: PartnershipFilters, *, on: datetime.date) -> QuerySet:
    return partnership_list(filters, on=on).values(*PARTNERSHIP_FIELDS)


def partnership_detail(pk: int) -> dict:
    row = Partnership.objects.values(*PARTNERSHIP_FIELDS).get(pk=pk)
    row["members"] = list(
        PartnershipMember.objects.filter(partnership_id=pk)
        .order_by("role", "organisation__name", "pk")
        .values(
            "role",
            "joined_on",
            "left_on",
            organisation_ref=F("organisation_id"),
            organisation_name=F("organisation__name"),
        )
    )
    for member in row["members"]:
        member["organisation"] = member.pop("organisation_ref")
    row["projects"] = list(
        Project.objects.filter(partnership_id=pk).order_by("pk").values_list("pk", flat=True)
    )
    return row


PROJECT_FIELDS = (
    "id",
    "title_pl",
    "title_en",
    "reference",
    "total_value",
    "grant",
    "own_contribution",
    "starts_on",
    "ends_on",
    "status",
)


def projects(
    *, partnership: int | None = None, funding_programme: int | None = None, status: str = ""
) -> QuerySet:
    rows = Project.objects.all()
    if partnership:
        rows = rows.filter(partnership_id=partnership)
    if funding_programme:
        rows = rows.filter(funding_programme_id=funding_programme)
    if status:
        rows = rows.filter(status=status)
    return rows.values(
        *PROJECT_FIELDS,
        # A project is made up when its partnership is.
        is_illustrative=F("partnership__is_illustrative"),
        partnership_ref=F("partnership_id"),
        funding_programme_pl=F("funding_programme__name_pl"),
        funding_programme_en=F("funding_programme__name_en"),
    )


project_rows = renaming(partnership="partnership_ref")


def deliverables(
    *, partnership: int | None = None, project: int | None = None, kind: str = "", status: str = ""
) -> QuerySet:
    rows = Deliverable.objects.all()
    if partnership:
        rows = rows.filter(partnership_id=partnership)
    if project:
        rows = rows.filter(project_id=project)
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    return rows.values(
        "id",
        "kind",
        "title_pl",
        "title_en",
        "status",
        "adopted_on",
        "adopting_resolution",
        is_illustrative=F("partnership__is_illustrative"),
        partnership_ref=F("partnership_id"),
        project_ref=F("project_id"),
    )


deliverable_rows = renaming(partnership="partnership_ref", project="project_ref")


# Never the meeting link (online_url), never who registered or attended.
EVENT_FIELDS = (
    "id",
    "slug",
    "kind",
    "status",
    "title_pl",
    "title_en",
    "description_pl",
    "description_en",
    "series_number",
    "starts_at",
    "ends_at",
    "venue_name_pl",
    "venue_name_en",
    "venue_address",
    "destination_country",
    "destination_city",
    "organisers_pl",
    "organisers_en",
    "audience",
    "capacity",
    "is_illustrative",
)


def events(*, kind: str = "", voivodeship: str = "", when: str = "") -> QuerySet:
    """Published (and cancelled) events, with the public calendar's filters."""
    rows = Event.objects.published()
    if kind:
        rows = rows.filter(kind=kind)
    if voivodeship:
        rows = rows.filter(venue_unit__code__startswith=voivodeship)
    if when == "upcoming":
        rows = rows.upcoming(timezone.now())
    elif when == "past":
        rows = rows.past(timezone.now())
    return rows.values(
        *EVENT_FIELDS, series_slug=F("series__slug"), venue_unit_code=F("venue_unit__code")
    )


event_rows = renaming(series="series_slug", venue_unit="venue_unit_code")


EDITION_FIELDS = (
    "id",
    "slug",
    "year",
    "name_pl",
    "name_en",
    "status",
    "applications_open_at",
    "applications_close_at",
    "decided_on",
    "decided_where_pl",
    "decided_where_en",
    "is_illustrative",
)


def editions(*, year: int | None = None) -> QuerySet:
    rows = ContestEdition.objects.public()
    if year:
        rows = rows.filter(year=year)
    return rows.values(*EDITION_FIELDS)


def edition_rows(rows: list[dict]) -> list[dict]:
    for row in rows:
        row["results_published"] = row["status"] == "published"
    return rows


def edition_detail(pk: int) -> dict:
    edition = ContestEdition.objects.public().get(pk=pk)
    row = edition_rows([{field: getattr(edition, field) for field in EDITION_FIELDS}])[0]
    row["categories"] = list(edition.categories.order_by("pk").values("id", "name_pl", "name_en"))
    row["results"] = []
    if edition.results_public:
        row["results"] = [
            {
                "award": application["status"],
                "title": application["title"],
                "summary": application["summary"],
                "category": application["category_id"],
                "organisation": application["organisation_id"],
                "organisation_name": application["organisation__name"],
                "partnership": application["partnership_id"],
                "partnership_name": application["partnership__name"],
                "is_illustrative": application["is_illustrative"],
            }
            for application in Application.objects.filter(edition=edition, status__in=AWARDS)
            .order_by("status", "pk")
            .values(
                "status",
                "title",
                "summary",
                "category_id",
                "organisation_id",
                "organisation__name",
                "partnership_id",
                "partnership__name",
                "is_illustrative",
            )
        ]
    return row


def _both(text) -> tuple[str, str]:
    with translation.override("pl"):
        polish = str(text)
    with translation.override("en"):
        english = str(text)
    return polish, english


def indicators(day: datetime.date) -> dict:
    """The figures as the indicators app stores them for the day (computed once per change of
    the records, not per request), with each indicator's declaration and target."""
    association = settings.PROGRAMME_ASSOCIATION
    figures = as_json(compute(day, association), day)
    targets = indicator_selectors.targets()
    items = []
    for indicator in INDICATORS:
        target = targets.get(indicator.code)
        name_pl, name_en = _both(indicator.name)
        definition_pl, definition_en = _both(indicator.definition)
        items.append(
            {
                "code": indicator.code,
                "group": indicator.group,
                "unit": indicator.unit,
                "name_pl": name_pl,
                "name_en": name_en,
                "definition_pl": definition_pl,
                "definition_en": definition_en,
                "value": figures[indicator.code],
                "baseline": target.baseline if target else None,
                "target": target.target if target else None,
                "target_date": target.target_date if target else None,
            }
        )
    return {
        "as_of": day,
        "includes_illustrative": indicator_selectors.includes_illustrative(day, association),
        "items": items,
    }


INDICATOR_GROUPS = tuple(GROUPS)


def documents(*, category: str = "", year: int | None = None) -> QuerySet:
    return document_listing(AnonymousUser(), category=category, year=year)


def document_rows(rows: list) -> list[dict]:
    return [
        {
            "id": document.pk,
            "title": document.title,
            "category": document.category.slug if document.category else None,
            "published_on": document.published_on,
            "summary": document.summary,
            "written_in": document.language,
            "partnership": document.partnership_id,
            "event": document.event_id,
            "contest_edition": document.contest_edition_id,
            "url": reverse("library:detail", args=[document.pk, document.slug]),
            "is_illustrative": document.is_illustrative,
        }
        for document in rows
    ]


def news(*, year: int | None = None, tag: str = "", locale: str = "") -> QuerySet:
    from partnerstwa.content.models import NewsPage

    rows = wagtail_pages.public(NewsPage.objects.live()).select_related("locale")
    if year:
        rows = rows.filter(date__year=year)
    if tag:
        rows = rows.filter(tags__slug=tag)
    if locale:
        rows = rows.filter(locale__language_code=locale)
    return rows.defer("body", "gallery")


def news_rows(rows: list) -> list[dict]:
    return [
        {
            "id": page.pk,
            "locale": page.locale.language_code,
            "translation_key": str(page.translation_key),
            "title": page.title,
            "date": page.date,
            "lead": page.lead,
            "url": page.url or "",
            "first_published_at": page.first_published_at,
            "is_illustrative": page.is_illustrative,
        }
        for page in rows
    ]


BARRIER_FIELDS = (
    "id",
    "title_pl",
    "title_en",
    "description_pl",
    "description_en",
    "status",
    "reported_on",
    "is_illustrative",
)


def barriers(*, area: str = "", status: str = "") -> QuerySet:
    return public_barriers(area=area, status=status).values(
        *BARRIER_FIELDS,
        area_slug=F("area__slug"),
        area_name_pl=F("area__name_pl"),
        area_name_en=F("area__name_en"),
    )


def barrier_rows(rows: list[dict]) -> list[dict]:
    sent = defaultdict(list)
    links = Recommendation.barriers.through.objects.filter(
        legalbarrier_id__in=[row["id"] for row in rows], recommendation__sent_on__isnull=False
    ).order_by("recommendation_id")
    for barrier, recommendation in links.values_list("legalbarrier_id", "recommendation_id"):
        sent[barrier].append(recommendation)
    for row in rows:
        row["area"] = {
            "slug": row.pop("area_slug"),
            "name_pl": row.pop("area_name_pl"),
            "name_en": row.pop("area_name_en"),
        }
        row["recommendations"] = sent[row["id"]]
    return rows


def recommendations(*, addressee: int | None = None) -> QuerySet:
    rows = Recommendation.objects.sent()
    if addressee:
        rows = rows.filter(addressee_id=addressee)
    return rows.values(
        "id",
        "title_pl",
        "title_en",
        "proposed_change_pl",
        "proposed_change_en",
        "sent_on",
        "reply_due",
        "replied_on",
        "reply_text",
        "is_illustrative",
        addressee_pl=F("addressee__name_pl"),
        addressee_en=F("addressee__name_en"),
    )


def recommendation_rows(rows: list[dict]) -> list[dict]:
    published = defaultdict(list)
    links = Recommendation.barriers.through.objects.filter(
        recommendation_id__in=[row["id"] for row in rows],
        legalbarrier__in=LegalBarrier.objects.published(),
    ).order_by("legalbarrier_id")
    for recommendation, barrier in links.values_list("recommendation_id", "legalbarrier_id"):
        published[recommendation].append(barrier)
    for row in rows:
        row["barriers"] = published[row["id"]]
    return rows


# --- For token clients only ---------------------------------------------------------------------


def registrations(event_id: int, *, state: str = "") -> QuerySet:
    rows = Registration.objects.filter(event_id=event_id)
    if state:
        rows = rows.filter(state=state)
    return rows.values(
        "id",
        "first_name",
        "last_name",
        "email",
        "phone",
        "organisation_name",
        "state",
        "created_at",
        organisation_ref=F("organisation_id"),
    )


registration_rows = renaming(organisation="organisation_ref")


def attendance(event_id: int) -> QuerySet:
    return Attendance.objects.filter(session__event_id=event_id).values(
        "id",
        "method",
        "recorded_at",
        "is_illustrative",
        session_number=F("session__number"),
        person_ref=F("person_id"),
        first_name=F("person__first_name"),
        last_name=F("person__last_name"),
        email=F("person__email"),
        organisation_ref=F("organisation_id"),
    )


attendance_rows = renaming(
    session="session_number", person="person_ref", organisation="organisation_ref"
)
