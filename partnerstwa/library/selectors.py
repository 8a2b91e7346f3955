"""Reads of the library: what a visitor may see, the listing's filters, search."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, router, transaction
from django.db.models import F, Lookup, QuerySet
from django.db.models.functions import ExtractYear
from django.urls import reverse
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.database.postgres.postgres import PostgresSearchBackend
from wagtail.search.models import IndexEntry
from wagtail.search.query import And, Or, PlainText

from partnerstwa.lib import pages as wagtail_pages
from partnerstwa.lib.bulk import OneOf
from partnerstwa.lib.polish_search import normalise, query_terms, snippet
from partnerstwa.lib.prepared import Prepared, prepared
from partnerstwa.library.models import DocumentNotice, LibraryDocument

# Matches kept of each kind (documents by title, documents by text, pages, documents without a
# file); pages of search results come from these, and the page says when there were more.
SEARCH_LIMIT = 100


def sees_staff_only(user) -> bool:
    return bool(user and user.is_active and user.is_staff)


def visible_documents(user) -> QuerySet[LibraryDocument]:
    """Documents a person may see: staff-only ones exist for staff alone (others get a 404)."""
    documents = LibraryDocument.objects.all()
    if not sees_staff_only(user):
        documents = documents.filter(is_public=True)
    return documents


def document_listing(
    user, *, category: str = "", year: int | None = None
) -> QuerySet[LibraryDocument]:
    documents = visible_documents(user).select_related("category")
    if category:
        documents = documents.filter(category__slug=category)
    if year:
        documents = documents.filter(published_on__year=year)
    return documents.order_by("-published_on", "-id")


def notice_listing(*, category: str = "", year: int | None = None) -> QuerySet[DocumentNotice]:
    """Documents whose files are not here: undated, so listed only when no year is chosen."""
    if year:
        return DocumentNotice.objects.none()
    notices = DocumentNotice.objects.select_related("category")
    if category:
        notices = notices.filter(category__slug=category)
    return notices.order_by("id")


def document_years(user) -> list[int]:
    years = (
        visible_documents(user)
        .annotate(year=ExtractYear("published_on"))
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(set(years), reverse=True)


def document_for(user, pk: int) -> LibraryDocument:
    """One document a person may see (LibraryDocument.DoesNotExist otherwise)."""
    return (
        visible_documents(user)
        .select_related("category", "partnership", "event", "contest_edition")
        .get(pk=pk)
    )


@dataclass
class Hit:
    title: str
    kind: str  # "page", "document" or "notice"
    record: object
    passage: tuple[str, str, str] | None = None

    @property
    def url(self) -> str:
        """Resolved when shown: a search keeps up to SEARCH_LIMIT hits per kind, a page shows 20."""
        if self.kind == "document":
            return _document_url(self.record)
        if self.kind == "notice":
            return reverse("library:notice", args=[self.record.pk, self.record.slug])
        return self.record.url or ""


def _query(text: str):
    """Each word must match, by its folded form or one of its folded lemmas, in the index."""
    parts = []
    for forms in query_terms(text):
        options = [PlainText(form) for form in sorted(forms)]
        parts.append(options[0] if len(options) == 1 else Or(options))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


def _title_match(title: str, terms: list[frozenset[str]]) -> bool:
    """Every query word is in the title (by folded form or lemma)."""
    title_words = set(normalise(title).split())
    return all(forms & title_words for forms in terms)


@dataclass
class Results:
    hits: list[Hit]
    # Some kind had more than SEARCH_LIMIT matches: not every match is among the hits.
    incomplete: bool = False


def search(user, text: str) -> Results:
    """Documents, pages (news among them) and documents without a file matching the query: those
    whose title matches first, then the others; within each, the kinds taken in turn, each
    latest added first. Passages are added for the hits shown (with_passages)."""
    query = _query(text)
    if query is None:
        return Results([])
    # Documents latest added (by id) first: SQLite walks the primary key and stops at
    # SEARCH_LIMIT matches (PostgreSQL: _postgres_matches). Ordering by the backend's
    # relevance (a subquery per matching row) or by published_on reads every match first - a
    # common word matches most of the library (bench/search.py). Only id and title are read
    # (the columns after the title hold the file's long text): with_passages loads the shown
    # hits in full. One more than kept of each kind is asked for, to know whether there are
    # more.
    backend = get_search_backend()
    if _is_sqlite_fts(backend):
        by_title, by_text, more_documents, pages, notices = _sqlite_matches(user, query, backend)
    else:
        documents = visible_documents(user).only("id", "title").order_by("-id")
        by_title, by_text, more_documents = _document_matches(documents, query, backend)
        # Pages as pages (with_passages reads the shown ones as their own models), latest first
        # as documents are: relevance would cost a score per match.
        pages = wagtail_pages.public(Page.objects.live()).order_by("-id")
        pages = list(pages.search(query, order_by_relevance=False)[: SEARCH_LIMIT + 1])
        # A handful, whose titles are all they hold: no relevance to compute (title matches
        # first).
        notices = DocumentNotice.objects.search(query, order_by_relevance=False)
        notices = list(notices[: SEARCH_LIMIT + 1])
    incomplete = more_documents or max(len(pages), len(notices)) > SEARCH_LIMIT
    pages, notices = pages[:SEARCH_LIMIT], notices[:SEARCH_LIMIT]
    terms = query_terms(text)  # the query's words, worked out once for every title tested
    ranked: list[tuple[int, int, Hit]] = []
    for position, notice in enumerate(notices):
        hit = Hit(notice.title, "notice", notice)
        ranked.append((0 if _title_match(notice.title, terms) else 1, position, hit))
    for position, document in enumerate(by_title):
        ranked.append((0, position, Hit(document.title, "document", document)))
    for position, document in enumerate(by_text):
        ranked.append((1, position, Hit(document.title, "document", document)))
    for position, page in enumerate(pages):
        hit = Hit(page.title, "page", page)
        ranked.append((0 if _title_match(page.title, terms) else 1, position, hit))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return Results([hit for _title, _position, hit in ranked], incomplete)


def _document_matches(
    documents: QuerySet[LibraryDocument], query, backend
) -> tuple[list, list, bool]:
    """Up to SEARCH_LIMIT documents matching the query by their title, up to as many others
    matching elsewhere (the index's body holds the title too), each latest added first; and
    whether there were more. The index's title holds the Polish-aware form (PolishTitle)."""
    if isinstance(backend, PostgresSearchBackend):
        return _postgres_matches(documents, query, backend=backend)
    titled = documents.search(query, fields=["title"], order_by_relevance=False)
    matching = documents.search(query, order_by_relevance=False)
    return _titled_and_others(list(titled[: SEARCH_LIMIT + 1]), list(matching[: SEARCH_LIMIT + 1]))


def _titled_and_others(titled: list, matching: list) -> tuple[list, list, bool]:
    """From up to SEARCH_LIMIT + 1 documents matching by title and as many matching anywhere:
    those kept of each (the title matches left out of the others) and whether there were more."""
    more = max(len(titled), len(matching)) > SEARCH_LIMIT
    keys = {document.pk for document in titled[:SEARCH_LIMIT]}
    others = [document for document in matching[:SEARCH_LIMIT] if document.pk not in keys]
    return titled[:SEARCH_LIMIT], others, more


# SQLite: the search backend's FTS5 queries as prepared reads. The backend builds a query of
# the same shape for every search — the rows whose ids its FTS5 index matches, its whole
# MATCH expression one parameter — yet building and compiling the four of a search cost the
# ORM 4-6 ms, its database 0.1 ms. Here each is compiled once per process and only the MATCH
# text is made per search, by the backend's own query compiler (test_search_prepared.py holds
# every answer equal to the backend's own).


def _is_sqlite_fts(backend) -> bool:
    """The backend is modelsearch's SQLite FTS5 one. (Told by its name: its module can only be
    imported on SQLite, where the model of its FTS5 table exists.)"""
    return type(backend).__name__ == "SQLiteSearchBackend"


def _sqlite_match_text(backend, model, query, fields: list[str] | None = None) -> str:
    """The text the backend's SQLite query compiler puts after MATCH for the query over the
    given fields of the model (all its indexed fields when none are given)."""
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

    compiler = backend.query_compiler_class(
        model.objects.none(), query, fields=fields, order_by_relevance=False
    )
    built = compiler.build_search_query(
        normalize(compiler.query), config=compiler.get_config(backend)
    )
    expression = MatchExpression(compiler.fields or compiler.FTS_TABLE_FIELDS, built)
    using = router.db_for_read(SQLiteFTSIndexEntry)
    sql_compiler = SQLiteFTSIndexEntry.objects.none().query.get_compiler(using)
    _sql, (text,) = expression.as_sql(sql_compiler, connections[using])
    return text


class _Matches(Lookup):
    """`<FTS5 table> MATCH %s` with the whole MATCH text one parameter, as the backend's
    MatchExpression writes it (that one compiles its text from a query object)."""

    lookup_name = "prepared_match"
    filterable = True

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(None, None)

    def as_sql(self, compiler, connection):
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

        return f"{SQLiteFTSIndexEntry._meta.db_table} MATCH %s", [self.text]


def _indexed_as(model, text: str):
    """The ids (as the index holds them) of the records of the model, or of its subclasses,
    whose index entry matches the MATCH text: the backend's subquery."""
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry
    from modelsearch.utils import get_descendants_content_types_pks

    return SQLiteFTSIndexEntry.objects.filter(
        _Matches(text),
        # Sorted: the backend's list comes in no set order, and the statement is kept.
        index_entry__content_type__in=sorted(get_descendants_content_types_pks(model)),
    ).values_list("index_entry__object_id", flat=True)


def _limit() -> int:
    return SEARCH_LIMIT


def _documents_matching(*, public: bool) -> Prepared:
    """The read of the documents whose index entry matches a MATCH text, latest first: the
    public ones only, or all of them (staff)."""

    def documents_matching(text):
        documents = LibraryDocument.objects.filter(pk__in=_indexed_as(LibraryDocument, text))
        if public:
            documents = documents.filter(is_public=True)
        return documents.only("id", "title").order_by("-id")[: SEARCH_LIMIT + 1]

    documents_matching.__qualname__ = f"_documents_matching[{'public' if public else 'all'}]"
    return prepared(text=str, depends_on=_limit)(documents_matching)


# Each visitor's documents as one prepared read: a visitor's (public ones) and staff's (all).
_DOCUMENTS_MATCHING = {public: _documents_matching(public=public) for public in (True, False)}


@prepared(text=str, depends_on=lambda: (wagtail_pages.restricted_paths(), SEARCH_LIMIT))
def _public_pages_matching(text):
    pages = wagtail_pages.public(Page.objects.live()).filter(pk__in=_indexed_as(Page, text))
    return pages.order_by("-id")[: SEARCH_LIMIT + 1]


@prepared(text=str, depends_on=_limit)
def _notices_matching(text):
    notices = DocumentNotice.objects.filter(pk__in=_indexed_as(DocumentNotice, text))
    return notices.order_by("-pk")[: SEARCH_LIMIT + 1]


def _sqlite_matches(user, query, backend) -> tuple[list, list, bool, list, list]:
    """What search() reads, on SQLite: documents by title and others with whether there were
    more, then up to SEARCH_LIMIT + 1 pages and notices; each kind latest first."""
    # Over every indexed field the backend writes the same MATCH text whatever the model (its
    # FTS5 table's columns): worked out once for documents, pages and notices.
    anywhere = _sqlite_match_text(backend, LibraryDocument, query)
    documents = _DOCUMENTS_MATCHING[not sees_staff_only(user)]
    titled = list(documents(text=_sqlite_match_text(backend, LibraryDocument, query, ["title"])))
    by_title, by_text, more = _titled_and_others(titled, list(documents(text=anywhere)))
    pages = list(_public_pages_matching(text=anywhere))
    notices = list(_notices_matching(text=anywhere))
    return by_title, by_text, more, pages, notices


def _postgres_matches(documents, query, *, backend) -> tuple[list, list, bool]:
    """Wagtail's PostgreSQL backend searches given fields in the model's columns, not its index,
    and otherwise matches title || body, a tsvector built per row; joined to the documents and
    cut to the latest 200, PostgreSQL either read every match's vector (80-310 ms at 10,000
    documents) or walked the documents probing each (3 ms, or 95-240 ms when it misjudged how
    many match several words; bench/search.py). So the index's body is matched through its GIN
    index alone (the backend's query; 1-8 ms for 200 to 10,000 matches), the title by its own,
    and the documents read by id."""
    compiler = backend.query_compiler_class(documents, query)
    tsquery = compiler.build_tsquery(query, config=compiler.get_config(backend))
    kind = ContentType.objects.get_for_model(LibraryDocument).pk
    with transaction.atomic(), connection.cursor() as cursor:
        # The only other way, a scan reading every entry's vector, is never the cheaper one.
        # (Entries of other kinds are left out here, not by the query: an index on the kind
        # would be the planner's other choice.) The title is matched by its own query, not
        # beside the body: the query's to_tsquery() calls would then run for every match.
        cursor.execute("SET LOCAL enable_seqscan = off")
        ids = {field: _ids_matching(field, tsquery, kind) for field in ("title", "body")}
    titled = set(ids["title"])
    others = [pk for pk in ids["body"] if pk not in titled]
    titled_documents, other_documents = _visible_latest_first(documents, ids["title"], others)
    return titled_documents, other_documents, max(len(titled), len(others)) > SEARCH_LIMIT


def _ids_matching(field: str, tsquery, kind: int) -> list[int]:
    """The ids of documents (content type kind) whose index entry matches in field, latest
    first."""
    entries = IndexEntry.objects.filter(**{field: tsquery})
    pairs = entries.values_list("content_type_id", "object_id")
    return sorted((int(pk) for content_type, pk in pairs if content_type == kind), reverse=True)


def _visible_latest_first(documents, *id_lists: list[int]) -> list[list]:
    """For each list of ids (latest first), up to SEARCH_LIMIT of the documents a person may
    see, in its order; all lists read together, SEARCH_LIMIT ids of each at a time."""
    found: list[list] = [[] for _ in id_lists]
    starts = [0] * len(id_lists)
    while True:
        batches = [
            (index, ids[starts[index] : starts[index] + SEARCH_LIMIT])
            for index, ids in enumerate(id_lists)
            if len(found[index]) < SEARCH_LIMIT and starts[index] < len(ids)
        ]
        if not batches:
            return [kept[:SEARCH_LIMIT] for kept in found]
        records = documents.in_bulk([pk for _index, batch in batches for pk in batch])
        for index, batch in batches:
            starts[index] += len(batch)
            found[index] += [records[pk] for pk in batch if pk in records]


def with_passages(hits: list[Hit], text: str) -> list[Hit]:
    """The passage where the query was found, for each hit shown: a document's summary or file
    text, a page's text (its search_text(), when its model offers one) or description."""
    shown = _documents_by_keys(keys=[hit.record.pk for hit in hits if hit.kind == "document"])
    documents = {document.pk: document for document in shown}
    # Pages as their own models (news, …), for the shown hits only: a query per kind of page.
    pages = _as_their_own_models([hit.record for hit in hits if hit.kind == "page"])
    for hit in hits:
        if hit.kind == "page":
            hit.record = pages.get(hit.record.pk, hit.record)
        if hit.kind == "document":
            record = hit.record = documents.get(hit.record.pk, hit.record)
            hit.passage = snippet(record.summary, text) or snippet(record.extracted_text, text)
        elif hit.kind == "page":
            body = getattr(hit.record, "search_text", None)
            hit.passage = snippet(body() if callable(body) else "", text) or snippet(
                hit.record.search_description or "", text
            )
    return hits


@prepared(keys=list[int])
def _documents_by_keys(keys):
    return LibraryDocument.objects.filter(OneOf(F("pk"), keys))


# A prepared read of pages by key for each model of page met (Page.specific() builds a query
# for their kinds and one per kind on every call).
_page_reads: dict[type, Prepared] = {}


def _as_their_own_models(pages: list[Page]) -> dict[int, Page]:
    """The pages (read as Page) as their own models (news, …), by key; one whose model is gone
    stays as it was read."""
    by_model: dict[type, list[int]] = {}
    for page in pages:
        model = ContentType.objects.get_for_id(page.content_type_id).model_class()
        if model is not None:
            by_model.setdefault(model, []).append(page.pk)
    found = {page.pk: page for page in pages}
    for model, keys in by_model.items():
        read = _page_reads.get(model)
        if read is None:
            read = _page_reads.setdefault(model, _pages_by_keys(model))
        found.update((page.pk, page) for page in read(keys=keys))
    return found


def _pages_by_keys(model: type) -> Prepared:
    def pages_by_keys(keys):
        return model.objects.filter(OneOf(F("pk"), keys))

    pages_by_keys.__qualname__ = f"_pages_by_keys[{model.__name__}]"
    return prepared(keys=list[int])(pages_by_keys)


def _document_url(document: LibraryDocument) -> str:
    return reverse("library:detail", args=[document.pk, document.slug])
