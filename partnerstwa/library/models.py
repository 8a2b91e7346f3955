"""The association's document library: Wagtail documents with what a library needs."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from partnerstwa.lib.bounds import (
    validate_long_text,
    validate_past_day,
    validate_single_line,
    validate_web_url,
)
from partnerstwa.lib.fields import IllustrativeField
from partnerstwa.lib.polish_search import normalise
from partnerstwa.lib.text import slug
from partnerstwa.lib.uploads import validate_document
from partnerstwa.library.storage import PrivateStorage

# The formats the library takes (WAGTAILDOCS_EXTENSIONS says the same to Wagtail's forms).
FORMATS = ("pdf", "docx", "odt", "xlsx", "ods", "pptx")


class DocumentCategory(models.Model):
    """A kind of document editors sort the library by (positions, reports, …); editable."""

    name = models.CharField(_("name"), max_length=120, validators=[validate_single_line])
    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    panels = [
        FieldPanel("name_pl"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("position"),
    ]

    class Meta:
        verbose_name = _("document category")
        verbose_name_plural = _("document categories")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class PolishTitle(index.SearchField):
    """The title as the search index's title holds it: as written and, beside it, its Polish-aware
    form (folded letters and lemmas). A search restricted to titles (title matches rank first)
    then meets queries normalised the same way, on every backend."""

    def __init__(self, **kwargs):
        super().__init__("title", **kwargs)

    def get_value(self, obj):
        return f"{obj.title} {normalise(obj.title)}"


def title_search_fields() -> list:
    """AbstractDocument's search fields with its title replaced by PolishTitle."""
    return [
        PolishTitle(boost=10)
        if isinstance(field, index.SearchField) and field.field_name == "title"
        else field
        for field in AbstractDocument.search_fields
    ]


class Language(models.TextChoices):
    PL = "pl", _("Polish")
    EN = "en", _("English")


class Extraction(models.TextChoices):
    PENDING = "pending", _("text not read yet")
    DONE = "done", _("text read")
    FAILED = "failed", _("text could not be read")


class LibraryDocument(AbstractDocument):
    # Stored where no web server looks: a staff-only file must never have a public address.
    file = models.FileField(_("file"), upload_to="documents", storage=PrivateStorage())
    category = models.ForeignKey(
        DocumentCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    published_on = models.DateField(
        _("date"), default=timezone.localdate, validators=[validate_past_day]
    )
    summary = models.TextField(_("summary"), blank=True, validators=[validate_long_text])
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.PL
    )
    # The library sits above the programme's records: it may point at them, never the reverse.
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event = models.ForeignKey(
        "activities.Event",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contest_edition = models.ForeignKey(
        "contests.ContestEdition",
        verbose_name=_("contest edition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Untick to show the document, and serve its file, to staff only."),
    )
    download_count = models.PositiveIntegerField(_("downloads"), default=0, editable=False)
    extracted_text = models.TextField(_("text of the file"), blank=True, editable=False)
    extraction_status = models.CharField(
        _("text extraction"),
        max_length=10,
        choices=Extraction.choices,
        default=Extraction.PENDING,
        editable=False,
    )
    # The file_hash the text was read from: a replaced file is read again.
    extracted_hash = models.CharField(max_length=40, blank=True, editable=False)
    is_illustrative = IllustrativeField()

    admin_form_fields = (
        *WagtailDocument.admin_form_fields,
        "category",
        "published_on",
        "summary",
        "language",
        "is_public",
        "partnership",
        "event",
        "contest_edition",
    )

    search_fields = [
        *title_search_fields(),
        # The Polish-aware text (lemmas and folded letters), queried through the same normaliser.
        index.SearchField("search_body"),
        index.FilterField("is_public"),
        index.FilterField("category"),
        index.FilterField("published_on"),
        index.FilterField("extraction_status"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def clean(self):
        super().clean()
        # A new upload is checked by its content, as every upload of the system is.
        if self.file and not getattr(self.file, "_committed", True):
            try:
                validate_document(self.file)
            except ValidationError as error:
                if error.code == "bad_type":  # name the library's formats, not every upload's
                    error = ValidationError(
                        _("This file is not a document we accept (allowed: %(allowed)s)."),
                        params={"allowed": ", ".join(FORMATS)},
                    )
                raise ValidationError({"file": error.messages}) from error

    def search_body(self) -> str:
        # The title too: a search of the body alone finds every match (selectors.search).
        return normalise(f"{self.title}\n{self.summary}\n{self.extracted_text}", distinct=True)

    @property
    def slug(self) -> str:
        return slug(self.title)[:80] or "dokument"

    @property
    def extension(self) -> str:
        return self.filename.rsplit(".", 1)[-1].lower() if "." in self.filename else ""


class NoticeQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class DocumentNotice(index.Indexed, models.Model):
    """A document the association published whose file is not available here (a Wagtail document
    needs a file): its title, category and where it was listed, and a page saying so rather
    than inventing its content."""

    title = models.CharField(_("title"), max_length=500, validators=[validate_single_line])
    category = models.ForeignKey(
        DocumentCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices",
    )
    listed_at = models.URLField(
        _("listed at"),
        max_length=500,
        validators=[validate_web_url],
        help_text=_("The page that lists the document (its file is not available here)."),
    )
    is_illustrative = IllustrativeField()

    objects = NoticeQuerySet.as_manager()

    search_fields = [
        PolishTitle(boost=10),
        index.FilterField("category"),
    ]

    panels = [FieldPanel("title"), FieldPanel("category"), FieldPanel("listed_at")]

    class Meta:
        verbose_name = _("document without a file")
        verbose_name_plural = _("documents without a file")
        constraints = [
            models.UniqueConstraint(fields=["title"], name="library_notice_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def slug(self) -> str:
        return slug(self.title)[:80] or "dokument"
