"""The shapes of the API's answers: the contract of v1 (README: what may change within v1).

Texts kept in two languages come as `<field>_pl` and `<field>_en` (null where no English text
was written). Amounts are decimal strings in PLN (grosze exact). Every record that can be made up
for the demo carries `is_illustrative` (lib.illustrative.JSON_FIELD)."""

import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from partnerstwa.api.http import page_of


class TerritorialUnitOut(Schema):
    code: str = Field(description="TERC code (2, 4 or 7 digits)")
    level: str
    unit_type: str = Field(description="TERC RODZ code of a gmina or its part; empty above")
    name: str
    name_extra: str
    parent: str | None = Field(description="TERC code of the parent unit")
    valid_from: datetime.date
    retired_on: datetime.date | None


class OrganisationOut(Schema):
    id: int
    kind: str
    name: str
    short_name: str
    territorial_unit: str | None = Field(description="TERC code of a local government's unit")
    nip: str
    regon: str
    krs: str
    website: str
    is_illustrative: bool


class AssociationOut(Schema):
    code: str
    name: str
    country: str
    website: str


class MembershipOut(Schema):
    id: int
    association: str = Field(description="code of the association")
    organisation: int
    joined_on: datetime.date
    left_on: datetime.date | None
    is_illustrative: bool


class PartnershipOut(Schema):
    id: int
    slug: str
    name_pl: str | None
    name_en: str | None
    area_kind: str
    status: str
    formed_on: datetime.date | None
    agreement_signed_on: datetime.date | None
    description_pl: str | None
    description_en: str | None
    website: str
    declared_partner_count: int | None
    is_illustrative: bool


class PartnershipMemberOut(Schema):
    organisation: int
    organisation_name: str
    role: str
    joined_on: datetime.date | None
    left_on: datetime.date | None


class PartnershipDetailOut(PartnershipOut):
    members: list[PartnershipMemberOut]
    projects: list[int]


class ProjectOut(Schema):
    id: int
    partnership: int
    title_pl: str | None
    title_en: str | None
    reference: str
    funding_programme_pl: str | None
    funding_programme_en: str | None
    total_value: Decimal | None
    grant: Decimal | None
    own_contribution: Decimal | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    status: str
    is_illustrative: bool = Field(description="true when its partnership is made up")


class DeliverableOut(Schema):
    id: int
    partnership: int
    project: int | None
    kind: str
    title_pl: str | None
    title_en: str | None
    status: str
    adopted_on: datetime.date | None
    adopting_resolution: str
    is_illustrative: bool = Field(description="true when its partnership is made up")


class EventOut(Schema):
    id: int
    slug: str
    kind: str
    status: str
    title_pl: str | None
    title_en: str | None
    description_pl: str | None
    description_en: str | None
    series: str | None = Field(description="slug of the event series")
    series_number: int | None
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    venue_name_pl: str | None
    venue_name_en: str | None
    venue_address: str
    venue_unit: str | None = Field(description="TERC code of the venue's unit")
    destination_country: str
    destination_city: str
    organisers_pl: str | None
    organisers_en: str | None
    audience: str
    capacity: int | None
    is_illustrative: bool


class CategoryOut(Schema):
    id: int
    name_pl: str | None
    name_en: str | None


class AwardOut(Schema):
    award: str = Field(description="laureate or distinction")
    title: str
    summary: str
    category: int | None
    organisation: int | None
    organisation_name: str | None
    partnership: int | None
    partnership_name: str | None
    is_illustrative: bool


class ContestEditionOut(Schema):
    id: int
    slug: str
    year: int
    name_pl: str | None
    name_en: str | None
    status: str
    applications_open_at: datetime.datetime | None
    applications_close_at: datetime.datetime | None
    decided_on: datetime.date | None
    decided_where_pl: str | None
    decided_where_en: str | None
    results_published: bool
    is_illustrative: bool


class ContestEditionDetailOut(ContestEditionOut):
    categories: list[CategoryOut]
    results: list[AwardOut] = Field(description="awards, once the results are published")


class IndicatorOut(Schema):
    code: str
    group: str
    unit: str = Field(description="count, share (a fraction of 1) or pln")
    name_pl: str
    name_en: str
    definition_pl: str
    definition_en: str
    value: int | float | str = Field(
        description="counts as integers, shares as fractions, PLN as a decimal string"
    )
    baseline: Decimal | None
    target: Decimal | None
    target_date: datetime.date | None


class IndicatorsOut(Schema):
    as_of: datetime.date
    includes_illustrative: bool
    items: list[IndicatorOut]


class DocumentOut(Schema):
    id: int
    title: str
    category: str | None = Field(description="slug of the category")
    published_on: datetime.date | None
    summary: str
    written_in: str = Field(description="language of the document")
    partnership: int | None
    event: int | None
    contest_edition: int | None
    url: str
    is_illustrative: bool


class NewsOut(Schema):
    id: int
    locale: str
    translation_key: str = Field(description="the same for a news item's versions in each language")
    title: str
    date: datetime.date
    lead: str
    url: str
    first_published_at: datetime.datetime | None
    is_illustrative: bool


class AreaOfLawOut(Schema):
    slug: str
    name_pl: str | None
    name_en: str | None


class LegalBarrierOut(Schema):
    id: int
    title_pl: str | None
    title_en: str | None
    description_pl: str | None
    description_en: str | None
    area: AreaOfLawOut
    status: str
    reported_on: datetime.date | None
    recommendations: list[int]
    is_illustrative: bool


class RecommendationOut(Schema):
    id: int
    title_pl: str | None
    title_en: str | None
    proposed_change_pl: str | None
    proposed_change_en: str | None
    addressee_pl: str | None
    addressee_en: str | None
    sent_on: datetime.date
    reply_due: datetime.date | None
    replied_on: datetime.date | None
    reply_text: str
    barriers: list[int]
    is_illustrative: bool


class RegistrationOut(Schema):
    id: int
    first_name: str
    last_name: str
    email: str
    phone: str
    organisation: int | None
    organisation_name: str
    state: str
    created_at: datetime.datetime


class AttendanceOut(Schema):
    id: int
    session: int = Field(description="number of the session within the event")
    person: int
    first_name: str
    last_name: str
    email: str
    organisation: int | None
    method: str
    recorded_at: datetime.datetime
    is_illustrative: bool


class ImportRowError(Schema):
    row: int | None
    message: str


class ImportOut(Schema):
    rows: int
    persons_created: int
    persons_matched: int
    attendances_created: int
    already_present: int
    duplicates_in_file: int


class ImportRefusedOut(Schema):
    detail: str
    errors: list[ImportRowError]


TerritorialUnitPage = page_of(TerritorialUnitOut)
OrganisationPage = page_of(OrganisationOut)
AssociationPage = page_of(AssociationOut)
MembershipPage = page_of(MembershipOut)
PartnershipPage = page_of(PartnershipOut)
ProjectPage = page_of(ProjectOut)
DeliverablePage = page_of(DeliverableOut)
EventPage = page_of(EventOut)
ContestEditionPage = page_of(ContestEditionOut)
DocumentPage = page_of(DocumentOut)
NewsPage = page_of(NewsOut)
LegalBarrierPage = page_of(LegalBarrierOut)
RecommendationPage = page_of(RecommendationOut)
RegistrationPage = page_of(RegistrationOut)
AttendancePage = page_of(AttendanceOut)
