"""The open data API, version 1: read-only for anonymous clients; a few operations for staff
integrations holding a token with the right scope."""

import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, NinjaAPI, Path, Query, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile

from partnerstwa.activities.attendance_import import ImportFileError
from partnerstwa.activities.models import Event, Session
from partnerstwa.api import schemas, selectors, services
from partnerstwa.api.http import (
    ERRORS,
    ApiError,
    Error,
    TokenAuth,
    error_response,
    page,
    public,
    with_token,
)
from partnerstwa.indicators.selectors import default_day
from partnerstwa.partnerships.selectors import PartnershipFilters
from partnerstwa.programme.selectors import programme_current

api = NinjaAPI(
    title="Partnerstwa – open data API",
    version="1",
    description=(
        "Read-only data of the programme: territorial units, organisations, partnerships, "
        "projects, events, contest results, indicators, documents, news and legal barriers. "
        "Lists are ordered by `id` (territorial units by `code`) and paged with an opaque "
        "`cursor` (the `next` address of a page gives the following one). Texts kept in two "
        "languages come as `_pl` and `_en` fields. Every answer carries `ETag` and "
        "`Last-Modified`: ask again with `If-None-Match` or `If-Modified-Since` and get 304 "
        "while nothing changed. Records made up for the demonstration carry "
        "`is_illustrative: true`. Licence: CC BY 4.0."
    ),
    urls_namespace="api:v1",
    docs_url=None,
    openapi_url="/openapi.json",
)

MAX_ID = 2**63 - 1
CURSOR = Query(None, max_length=64, description="from the previous page's `next_cursor`")
LIMIT = Query(None, ge=1, le=200, description="items a page (default 50)")
VOIVODESHIP = Query("", pattern=r"^([0-9]{2})?$", description="TERC code of a voivodeship")
ID = Path(..., ge=1, le=MAX_ID)
OPTIONAL_ID = Query(None, ge=1, le=MAX_ID)
YEAR = Query(None, ge=1990, le=2100)
WORD = Query("", max_length=100)
IN_FORCE_ON = Query(None, description="in force on this day")
FIGURES_ON = Query(
    None, description="the day (default: today, or the programme's last day once it ended)"
)
ATTENDANCE_FILE = File(..., description="the attendance list: CSV or XLSX, as the staff import")


# --- Errors: JSON with a message in the client's language ---------------------------------------


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError):
    return error_response(exc.status, exc.message)


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError):
    problems = [
        {"where": ".".join(str(part) for part in error.get("loc", ())), "problem": error["msg"]}
        for error in exc.errors
    ]
    return error_response(
        422, _("The request's parameters are not valid: see errors."), errors=problems
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception):
    return error_response(404, _("There is no such record."))


@api.exception_handler(ObjectDoesNotExist)
def _does_not_exist(request: HttpRequest, exc: Exception):
    return error_response(404, _("There is no such record."))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception):
    response = error_response(401, _("This needs a valid API token (Authorization: Bearer …)."))
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError):
    return error_response(exc.status_code, str(exc))


def _today() -> datetime.date:
    return timezone.localdate()


# --- Registry -----------------------------------------------------------------------------------


@api.get(
    "/territorial-units",
    response={200: schemas.TerritorialUnitPage, **ERRORS},
    tags=["registry"],
    summary="Territorial units (TERYT TERC)",
)
@public("registry")
def territorial_units(
    request,
    level: str = Query("", pattern=r"^(voivodeship|powiat|gmina|gmina_part)?$"),
    voivodeship: str = VOIVODESHIP,
    in_force: bool = True,
    cursor: str | None = CURSOR,
    limit: int | None = LIMIT,
):
    rows = selectors.units(level=level, voivodeship=voivodeship, in_force=in_force)
    return page(
        request, rows, cursor=cursor, limit=limit, key="code", serialise=selectors.unit_rows
    )


@api.get(
    "/territorial-units/{code}",
    response={200: schemas.TerritorialUnitOut, **ERRORS},
    tags=["registry"],
    summary="One territorial unit",
)
@public("registry")
def territorial_unit(request, code: str = Path(..., pattern=r"^[0-9]{2}([0-9]{2}([0-9]{3})?)?$")):
    return selectors.unit_rows([selectors.units(in_force=False).get(code=code)])[0]


@api.get(
    "/organisations",
    response={200: schemas.OrganisationPage, **ERRORS},
    tags=["registry"],
    summary="Organisations (public fields only)",
)
@public("registry")
def organisations(
    request,
    kind: str = WORD,
    voivodeship: str = VOIVODESHIP,
    q: str = WORD,
    cursor: str | None = CURSOR,
    limit: int | None = LIMIT,
):
    rows = selectors.organisations(kind=kind, voivodeship=voivodeship, query=q)
    return page(request, rows, cursor=cursor, limit=limit, serialise=selectors.organisation_rows)


@api.get(
    "/organisations/{id}",
    response={200: schemas.OrganisationOut, **ERRORS},
    tags=["registry"],
    summary="One organisation",
)
@public("registry")
def organisation(request, id: int = ID):
    return selectors.organisation_rows([selectors.organisations().get(id=id)])[0]


@api.get(
    "/associations",
    response={200: schemas.AssociationPage, **ERRORS},
    tags=["registry"],
    summary="Associations of local governments",
)
@public("registry")
def associations(request, cursor: str | None = CURSOR, limit: int | None = LIMIT):
    return page(request, selectors.associations(), cursor=cursor, limit=limit, key="code")


@api.get(
    "/memberships",
    response={200: schemas.MembershipPage, **ERRORS},
    tags=["registry"],
    summary="Memberships of organisations in associations",
)
@public("registry")
def memberships(
    request,
    association: str = WORD,
    organisation: int | None = OPTIONAL_ID,
    on: datetime.date | None = IN_FORCE_ON,
    cursor: str | None = CURSOR,
    limit: int | None = LIMIT,
):
    rows = selectors.memberships(association=association, organisation=organisation, on=on)
    return page(request, rows, cursor=cursor, limit=limit, serialise=selectors.membership_rows)


# --- Partnerships -------------------------------------------------------------------------------


@api.get(
    "/partnerships",
    response={200: schemas.PartnershipPage, **ERRORS},
    tags=["partnerships"],
    summary="Partnerships",
)
@public("partnerships", "registry")
def partnerships(
    request,
    q: str = WORD,
    voivodeship: str = VOIVODESHIP,
    area_kind: str = WORD,
    funding_programme: int | None = OPTIONAL_ID,
    leader_association: str = WORD,
    cursor: str | None = CURSOR,
    limit: int | None = LIMIT,
):
    filters = PartnershipFilters(
        query=q,
        voivodeship=voivodeship,
        area_kind=area_kind,
        funding_programme=funding_programme,
        leader_association=leader_association,
    )
    return page(request, selectors.partnerships(filters, on=_today()), cursor=cursor, limit=limit)


@api.get(
    "/partnerships/{id}",
    response={200: schemas.PartnershipDetailOut, **ERRORS},
    tags=["partnerships"],
    summary="One partnership with its members and projects",
)
@public("partnerships", "registry")
def partnership(request, id: int = ID):
    return selectors.partnership_detail(id)


@api.get(
    "/projects",
    response={200: schemas.ProjectPage, **ERRORS},
    tags=["partnerships"],
    summary="Projects of partnerships",
)
@public("partnerships")
def projects(
    request,
    partnership: int | None = OPTIONAL_ID,
    funding_programme: int | None = OPTIONAL_ID,
    status: str = WORD,
    cursor: str | None = CURSOR,
    limit: int | None = LIMIT,
):
    rows = selectors.projects(
        partnership=partnership, funding_programme=funding_programme, status=status
    )
    return page(request, rows, cursor=cursor, limit=limit, serialise=selectors.project_rows)


@api.get(
    "/projects/{id}",
    response={200: schemas.ProjectOut, **ERRORS},
    tags=["partnerships"],
    summary="One project",
)
@public("partnerships")
def project(request, id: int = ID):
    return selectors.project_rows([selectors.projects().get(id=id)])[0]


@api.get(
    "/deliverables",
    response={200: schemas.DeliverablePage, **ERRORS},
    tags=["partnerships"],
    summary="Deliverables: strategies, plans, studies",
)
@public("partnerships")
def deliverables(
    request,
    partnership: int | None = OPTIONAL_ID,
    project: int | None = OPTIONAL_ID,
    kind: str = WORD,
    status: str = WORD,
    cursor: str | None = CURSOR,
    limit: int | None = LIMIT,
):
    rows = selectors.deliverables(
        partnership=partnership, project=project, kind=kind, status=status
    )
    return page(request, rows, cursor=cursor, limit=limit, serialise=selectors.deliverable_rows)


@api.get(
    "/deliverables/{id}",
    response={200: schemas.DeliverableOut, **ERRORS},
    tags=["partnerships"],
    summary="One deliverable",
)
@public("partnerships")
def deliverable(request, id: int = ID):
    return selectors.deliverable_rows([selectors.deliverables().get(id=id)])[0]


# --- Events -------------------------------------------------------------------------------------


@api.get(
    "/events",
    response={200: schemas.EventPage, **ERRORS},
    tags=["events"],
    summary="Events (published or cancelled)",
)
@public("activities", "registry", clock="minute")
def events(
    request,
    kind: str = WORD,
    voivodeship: str = VOIVODESHIP,
    when: str = Query("", pattern=r"^(upcoming|past)?$"),
    cursor: str | None = CURSOR,
    limit: int | None = LIMIT,
):
    rows = selectors.events(kind=kind, voivodeship=voivodeship, when=when)
    return page(request, rows, cursor=cursor, limit=limit, serialise=selectors.event_rows)


@api.get(
    "/events/{id}",
    response={200: schemas.EventOut, **ERRORS},
    tags=["events"],
    summary="One event",
)
@public("activities", "registry")
def event(request, id: int = ID):
    return selectors.event_rows([selectors.events().get(id=id)])[0]


# --- Contests -----------------------------------------------------------------------------------


@api.get(
    "/contest-editions",
    response={200: schemas.ContestEditionPage, **ERRORS},
    tags=["contests"],
    summary="Contest editions",
)
@public("contests")
def contest_editions(
    request, year: int | None = YEAR, cursor: str | None = CURSOR, limit: int | None = LIMIT
):
    rows = selectors.editions(year=year)
    return page(request, rows, cursor=cursor, limit=limit, serialise=selectors.edition_rows)


@api.get(
    "/contest-editions/{id}",
    response={200: schemas.ContestEditionDetailOut, **ERRORS},
    tags=["contests"],
    summary="One contest edition with its categories and, once published, its results",
)
@public("contests", "registry", "partnerships")
def contest_edition(request, id: int = ID):
    return selectors.edition_detail(id)


# --- Indicators ---------------------------------------------------------------------------------


@api.get(
    "/indicators",
    response={200: schemas.IndicatorsOut, **ERRORS},
    tags=["indicators"],
    summary="Every indicator as of a day, with its definition and target",
)
@public("indicators", "registry", "partnerships", "activities", "contests", clock="day")
def indicators(
    request,
    on: datetime.date | None = FIGURES_ON,
):
    return selectors.indicators(_indicator_day(on))


def _indicator_day(on: datetime.date | None) -> datetime.date:
    today = _today()
    if on is None:
        return default_day(today, programme_current())
    if not datetime.date(1990, 1, 1) <= on <= datetime.date(today.year + 1, 12, 31):
        raise ApiError(400, _("Figures are given for days from 1990 to the end of next year."))
    return on


@api.get(
    "/indicators/{code}",
    response={200: schemas.IndicatorOut, **ERRORS},
    tags=["indicators"],
    summary="One indicator as of a day",
)
@public("indicators", "registry", "partnerships", "activities", "contests", clock="day")
def indicator(request, code: str = Path(..., max_length=60), on: datetime.date | None = None):
    for item in selectors.indicators(_indicator_day(on))["items"]:
        if item["code"] == code:
            return item
    raise Http404


# --- Documents and news -------------------------------------------------------------------------


@api.get(
    "/documents",
    response={200: schemas.DocumentPage, **ERRORS},
    tags=["library"],
    summary="Public documents of the library",
)
@public("library")
def documents(
    request,
    category: str = WORD,
    year: int | None = YEAR,
    cursor: str | None = CURSOR,
    limit: int | None = LIMIT,
):
    rows = selectors.documents(category=category, year=year)
    return page(request, rows, cursor=cursor, limit=limit, serialise=selectors.document_rows)


@api.get(
    "/documents/{id}",
    response={200: schemas.DocumentOut, **ERRORS},
    tags=["library"],
    summary="One public document",
)
@public("library")
def document(request, id: int = ID):
    return selectors.document_rows([selectors.documents().get(pk=id)])[0]


@api.get(
    "/news",
    response={200: schemas.NewsPage, **ERRORS},
    tags=["content"],
    summary="Published news (each language version is an item)",
)
@public("content", "wagtailcore", "taggit")
def news(
    request,
    year: int | None = YEAR,
    tag: str = WORD,
    locale: str = Query("", pattern=r"^(pl|en)?$"),
    cursor: str | None = CURSOR,
    limit: int | None = LIMIT,
):
    rows = selectors.news(year=year, tag=tag, locale=locale)
    return page(request, rows, cursor=cursor, limit=limit, serialise=selectors.news_rows)


@api.get(
    "/news/{id}",
    response={200: schemas.NewsOut, **ERRORS},
    tags=["content"],
    summary="One published news item",
)
@public("content", "wagtailcore", "taggit")
def news_item(request, id: int = ID):
    return selectors.news_rows([selectors.news().get(pk=id)])[0]


# --- Advocacy -----------------------------------------------------------------------------------


@api.get(
    "/legal-barriers",
    response={200: schemas.LegalBarrierPage, **ERRORS},
    tags=["advocacy"],
    summary="Published legal barriers",
)
@public("advocacy")
def legal_barriers(
    request,
    area: str = WORD,
    status: str = WORD,
    cursor: str | None = CURSOR,
    limit: int | None = LIMIT,
):
    rows = selectors.barriers(area=area, status=status)
    return page(request, rows, cursor=cursor, limit=limit, serialise=selectors.barrier_rows)


@api.get(
    "/legal-barriers/{id}",
    response={200: schemas.LegalBarrierOut, **ERRORS},
    tags=["advocacy"],
    summary="One published legal barrier",
)
@public("advocacy")
def legal_barrier(request, id: int = ID):
    return selectors.barrier_rows([selectors.barriers().get(id=id)])[0]


@api.get(
    "/recommendations",
    response={200: schemas.RecommendationPage, **ERRORS},
    tags=["advocacy"],
    summary="Recommendations sent to public bodies",
)
@public("advocacy")
def recommendations(
    request,
    addressee: int | None = OPTIONAL_ID,
    cursor: str | None = CURSOR,
    limit: int | None = LIMIT,
):
    rows = selectors.recommendations(addressee=addressee)
    return page(request, rows, cursor=cursor, limit=limit, serialise=selectors.recommendation_rows)


@api.get(
    "/recommendations/{id}",
    response={200: schemas.RecommendationOut, **ERRORS},
    tags=["advocacy"],
    summary="One recommendation",
)
@public("advocacy")
def recommendation(request, id: int = ID):
    return selectors.recommendation_rows([selectors.recommendations().get(id=id)])[0]


# --- Staff integrations (token with a scope) ----------------------------------------------------

TOKEN_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error}


def _event_for(request: HttpRequest, event_id: int, *, scope: str) -> Event:
    token = request.auth
    held = token.read_personal if scope == "read-personal" else token.write_attendance
    if not held:
        raise ApiError(403, _("This token does not have the %(scope)s scope.") % {"scope": scope})
    if not token.events.filter(pk=event_id).exists():
        raise ApiError(403, _("This token is not for this event."))
    return Event.objects.get(pk=event_id)


@api.get(
    "/events/{id}/registrations",
    response={200: schemas.RegistrationPage, **TOKEN_ERRORS},
    auth=TokenAuth(),
    tags=["staff integrations"],
    summary="Registrations for an event (token with read-personal for the event)",
)
@with_token()
def event_registrations(
    request,
    id: int = ID,
    state: str = WORD,
    cursor: str | None = CURSOR,
    limit: int | None = LIMIT,
):
    event = _event_for(request, id, scope="read-personal")
    rows = selectors.registrations(event.pk, state=state)
    return page(request, rows, cursor=cursor, limit=limit, serialise=selectors.registration_rows)


@api.get(
    "/events/{id}/attendance",
    response={200: schemas.AttendancePage, **TOKEN_ERRORS},
    auth=TokenAuth(),
    tags=["staff integrations"],
    summary="Attendance at an event's sessions (token with read-personal for the event)",
)
@with_token()
def event_attendance(request, id: int = ID, cursor: str | None = CURSOR, limit: int | None = LIMIT):
    event = _event_for(request, id, scope="read-personal")
    rows = selectors.attendance(event.pk)
    return page(request, rows, cursor=cursor, limit=limit, serialise=selectors.attendance_rows)


@api.post(
    "/events/{id}/sessions/{number}/attendance",
    response={
        **TOKEN_ERRORS,
        200: schemas.ImportOut,
        400: schemas.ImportRefusedOut,
    },
    auth=TokenAuth(),
    tags=["staff integrations"],
    summary="Import an attendance list (CSV or XLSX) for a session: all rows or none",
)
@with_token()
def attendance_import(
    request,
    id: int = ID,
    number: int = Path(..., ge=1, le=1000),
    file: UploadedFile = ATTENDANCE_FILE,
):
    event = _event_for(request, id, scope="write")
    session = Session.objects.filter(event=event, number=number).first()
    if session is None:
        raise Http404
    try:
        report = services.attendance_import_by_token(
            token=request.auth, session=session, content=file.read()
        )
    except ImportFileError as error:
        return Status(
            400,
            {
                "detail": _("The file was not imported."),
                "errors": [{"row": error.row, "message": str(error)}],
            },
        )
    if not report.ok:
        return Status(
            400,
            {
                "detail": _("The file was not imported: nothing was recorded."),
                "errors": [{"row": e.row, "message": e.message} for e in report.errors],
            },
        )
    return {
        "rows": report.rows,
        "persons_created": report.persons_created,
        "persons_matched": report.persons_matched,
        "attendances_created": report.attendances_created,
        "already_present": report.already_present,
        "duplicates_in_file": report.duplicates_in_file,
    }
