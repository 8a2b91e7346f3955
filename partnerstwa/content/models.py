"""The association's editable pages (Wagtail): home, news, multimedia, the accessibility
statement, and the site's identity (name, logos, funding statement, contacts)."""

from django.conf import settings
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from partnerstwa.content import blocks as content_blocks
from partnerstwa.lib import bounds, freshness, polish_search
from partnerstwa.lib import pages as wagtail_pages
from partnerstwa.lib.fields import IllustrativeField

NEWS_PER_PAGE = 10


class GalleryImageBlock(blocks.StructBlock):
    """A photograph with what every publication of it needs: its text alternative (required),
    caption, author and licence."""

    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Text alternative"),
        max_length=300,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)
    author = blocks.CharBlock(label=_("Author"), required=False, max_length=200)
    licence = blocks.CharBlock(label=_("Licence"), required=False, max_length=200)

    class Meta:
        label = _("Photograph")
        icon = "image"
        template = "content/blocks/gallery_image.html"


class IllustrativePage(Page):
    """A page made up for the demo is marked as such, like every other made-up record. Every
    page is indexed for search in the Polish-aware form too (lemmas, letters folded), so that
    /szukaj/ finds "partnerstwo" for "partnerstwa" on both databases."""

    is_illustrative = IllustrativeField()
    search_fields = [*Page.search_fields, index.SearchField("search_normalised")]

    promote_panels = [*Page.promote_panels, FieldPanel("is_illustrative")]

    def get_view_restrictions(self):
        """Wagtail's, without its two queries on every page served while no page of the site
        has a view restriction (the usual case: the restricted sections are kept between
        changes of pages, lib.pages). With any restriction Wagtail looks for the page's own."""
        if not wagtail_pages.restricted_anywhere():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["other_language"] = self.other_language(request)
        return context

    def search_text(self) -> str:
        """The page's own text, plain, for the search index and the highlighted passage."""
        parts = [getattr(self, "search_description", "") or ""]
        for name in ("lead", "body"):
            value = getattr(self, name, None)
            # Text and rich text only: a StreamField's blocks render live records.
            if value and isinstance(value, str):
                parts.append(strip_tags(value))
        return "\n".join(part for part in parts if part)

    def search_normalised(self) -> str:
        return polish_search.normalise(f"{self.title}\n{self.search_text()}")

    def other_language(self, request) -> dict:
        """Where the language switch leads from this page: its translation in the other
        language, or that language's home page with `missing` set so the page says so."""
        current = get_language()
        code = next((code for code, _name in settings.LANGUAGES if code != current), current)
        url = _translation_url(self.translation_key, self.pk, code)
        if url is not None:
            return {"code": code, "url": url, "missing": False}
        return {"code": code, "url": "/", "missing": True}


@freshness.kept("wagtailcore", size=64)
def _translation_url(translation_key, page_pk: int, code: str) -> str | None:
    """The address of the page's live translation into the language, kept until pages change."""
    translation = (
        Page.objects.filter(translation_key=translation_key, locale__language_code=code, live=True)
        .exclude(pk=page_pk)
        .first()
    )
    return translation.get_url() if translation is not None else None


class HomePage(IllustrativePage):
    body = StreamField(content_blocks.HOME_BLOCKS, blank=True, verbose_name=_("Content"))

    content_panels = [*Page.content_panels, FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    search_fields = [*IllustrativePage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("home page")


class NewsIndexPage(RoutablePageMixin, IllustrativePage):
    intro = RichTextField(
        blank=True, verbose_name=_("Introduction"), features=["bold", "italic", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    @path("")
    def listing(self, request):
        from partnerstwa.content import views

        return views.news_index(request, self)

    @path("kanal/")
    def feed(self, request):
        from partnerstwa.content import views

        return views.news_feed(request, self)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "content.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(IllustrativePage):
    date = models.DateField(_("date"), validators=[bounds.validate_day])
    lead = models.TextField(
        _("lead"),
        max_length=600,
        validators=[bounds.validate_long_text],
        help_text=_("One or two sentences shown in listings, the feed and link previews."),
    )
    body = RichTextField(
        _("body"),
        features=[
            "h2",
            "h3",
            "bold",
            "italic",
            "ol",
            "ul",
            "link",
            "document-link",
            "image",
        ],
    )
    main_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    main_image_alt = models.CharField(
        _("text alternative of the main image"),
        max_length=300,
        blank=True,
        validators=[bounds.validate_single_line],
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))
    related_partnerships = ParentalManyToManyField(
        "partnerships.Partnership",
        blank=True,
        related_name="+",
        verbose_name=_("related partnerships"),
    )
    related_events = ParentalManyToManyField(
        "activities.Event", blank=True, related_name="+", verbose_name=_("related events")
    )
    gallery = StreamField(
        [("image", GalleryImageBlock())],
        blank=True,
        verbose_name=_("gallery"),
        help_text=_("Photographs of a conference or meeting the news reports on."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("lead"),
        MultiFieldPanel(
            [FieldPanel("main_image"), FieldPanel("main_image_alt")], heading=_("Main image")
        ),
        FieldPanel("body"),
        FieldPanel("gallery"),
        FieldPanel("tags"),
        FieldRowPanel([FieldPanel("related_partnerships"), FieldPanel("related_events")]),
    ]
    search_fields = [
        *IllustrativePage.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["content.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if self.main_image_id and not self.main_image_alt.strip():
            raise ValidationError(
                {"main_image_alt": _("Describe the main image for people who cannot see it.")}
            )


class MultimediaIndexPage(IllustrativePage):
    intro = RichTextField(
        blank=True, verbose_name=_("Introduction"), features=["bold", "italic", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.GalleryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("multimedia index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["galleries"] = wagtail_pages.public(
            GalleryPage.objects.live().child_of(self)
        ).order_by("-date", "-pk")
        return context


class GalleryPage(IllustrativePage):
    date = models.DateField(_("date"), validators=[bounds.validate_day])
    intro = RichTextField(
        blank=True, verbose_name=_("Introduction"), features=["bold", "italic", "link"]
    )
    items = StreamField(
        [("image", GalleryImageBlock()), ("recording", content_blocks.RecordingBlock())],
        blank=True,
        verbose_name=_("photographs and recordings"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("items"),
    ]
    parent_page_types = ["content.MultimediaIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("gallery")

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if any(item.block_type == "recording" for item in self.items):
            # The players may load in a frame only here, and only once the visitor asks.
            response._csp_update = {"frame-src": list(RECORDING_FRAME_SOURCES)}
        return response


RECORDING_FRAME_SOURCES = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")


class AccessibilityStatementPage(IllustrativePage):
    """The statement in the structure the Polish act on the digital accessibility of public
    bodies' websites (ustawa z 4 kwietnia 2019 r.) and its template prescribe."""

    COMPLIANCE = [
        ("full", _("fully compliant")),
        ("partial", _("partially compliant")),
        ("none", _("not compliant")),
    ]

    entity_name = models.CharField(
        _("entity"), max_length=300, blank=True, validators=[bounds.validate_single_line]
    )
    website_address = models.URLField(
        _("website address"), blank=True, validators=[bounds.validate_web_url]
    )
    published_on = models.DateField(
        _("date of the website's publication"),
        null=True,
        blank=True,
        validators=[bounds.validate_past_day],
    )
    updated_on = models.DateField(
        _("date of the website's last major update"),
        null=True,
        blank=True,
        validators=[bounds.validate_past_day],
    )
    compliance = models.CharField(
        _("compliance status"), max_length=10, choices=COMPLIANCE, default="partial"
    )
    non_conformities = RichTextField(
        _("non-accessible content and why"), blank=True, features=["bold", "ul", "ol", "link"]
    )
    prepared_on = models.DateField(
        _("date the statement was prepared"),
        null=True,
        blank=True,
        validators=[bounds.validate_past_day],
    )
    reviewed_on = models.DateField(
        _("date of the statement's last review"),
        null=True,
        blank=True,
        validators=[bounds.validate_past_day],
    )
    method = models.TextField(
        _("how the statement was prepared"),
        blank=True,
        validators=[bounds.validate_long_text],
        help_text=_("For example: a self-assessment by the entity."),
    )
    contact_person = models.CharField(
        _("contact person"), max_length=200, blank=True, validators=[bounds.validate_single_line]
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=50, blank=True, validators=[bounds.validate_single_line]
    )
    complaint_procedure = RichTextField(
        _("requests and complaints procedure"), blank=True, features=["bold", "ul", "ol", "link"]
    )
    architectural_accessibility = RichTextField(
        _("architectural accessibility"), blank=True, features=["bold", "ul", "ol", "link"]
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("entity_name"),
        FieldPanel("website_address"),
        FieldRowPanel([FieldPanel("published_on"), FieldPanel("updated_on")]),
        FieldPanel("compliance"),
        FieldPanel("non_conformities"),
        FieldRowPanel([FieldPanel("prepared_on"), FieldPanel("reviewed_on")]),
        FieldPanel("method"),
        MultiFieldPanel(
            [
                FieldPanel("contact_person"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            heading=_("Feedback and contact details"),
        ),
        FieldPanel("complaint_procedure"),
        FieldPanel("architectural_accessibility"),
    ]
    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("accessibility statement")


@register_setting(icon="site")
class Identity(BaseGenericSetting):
    """Set once by editors: who speaks on every page and who funds the project. The footer
    shows it on every page; the EEA and Norway Grants require the funder's logo and the funding
    statement on every page of a funded project."""

    name_pl = models.CharField(
        _("association's name (Polish)"),
        max_length=300,
        blank=True,
        validators=[bounds.validate_single_line],
    )
    name_en = models.CharField(
        _("association's name (English)"),
        max_length=300,
        blank=True,
        validators=[bounds.validate_single_line],
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("association's logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    funder_logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("funder's logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    second_funder_logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("second funder's logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    funding_statement_pl = models.TextField(
        _("funding statement (Polish)"), blank=True, validators=[bounds.validate_long_text]
    )
    funding_statement_en = models.TextField(
        _("funding statement (English)"), blank=True, validators=[bounds.validate_long_text]
    )
    address = models.TextField(
        _("postal address"), blank=True, validators=[bounds.validate_long_text]
    )
    phone = models.CharField(
        _("phone"), max_length=50, blank=True, validators=[bounds.validate_single_line]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    facebook = models.URLField(
        _("Facebook profile"), blank=True, validators=[bounds.validate_web_url]
    )
    linkedin = models.URLField(
        _("LinkedIn profile"), blank=True, validators=[bounds.validate_web_url]
    )
    youtube = models.URLField(
        _("YouTube channel"), blank=True, validators=[bounds.validate_web_url]
    )
    x = models.URLField(_("X (Twitter) profile"), blank=True, validators=[bounds.validate_web_url])

    panels = [
        MultiFieldPanel(
            [FieldPanel("name_pl"), FieldPanel("name_en"), FieldPanel("logo")],
            heading=_("Association"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("funder_logo"),
                FieldPanel("second_funder_logo"),
                FieldPanel("funding_statement_pl"),
                FieldPanel("funding_statement_en"),
            ],
            heading=_("Funding"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")], heading=_("Contact")
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook"),
                FieldPanel("linkedin"),
                FieldPanel("youtube"),
                FieldPanel("x"),
            ],
            heading=_("Social profiles"),
        ),
    ]

    class Meta:
        verbose_name = _("identity")

    @property
    def name(self) -> str:
        return (self.name_en if get_language() == "en" else "") or self.name_pl

    @property
    def funding_statement(self) -> str:
        return (
            self.funding_statement_en if get_language() == "en" else ""
        ) or self.funding_statement_pl

    @property
    def name_shown_in_polish(self) -> bool:
        """An English page shows the Polish name (it has no English one): say lang="pl"."""
        return get_language() == "en" and not self.name_en and bool(self.name_pl)

    @property
    def funding_statement_shown_in_polish(self) -> bool:
        return (
            get_language() == "en"
            and not self.funding_statement_en
            and bool(self.funding_statement_pl)
        )

    @property
    def social_links(self) -> list[tuple[str, str]]:
        return [
            (label, url)
            for label, url in (
                ("Facebook", self.facebook),
                ("LinkedIn", self.linkedin),
                ("YouTube", self.youtube),
                ("X", self.x),
            )
            if url
        ]
