"""The blocks editors compose the home page and the news from.

The live blocks (results, events, news, laureates) hold only the editor's choices (a day, a
number); their figures are read from the programme's records. Each block's markup is made once
per change of the records it shows (KeptBlock) and kept in the process, per language and value.
"""

import json

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from partnerstwa.content import selectors
from partnerstwa.lib import freshness


class KeptBlock:
    """A block whose markup depends only on its value, the language, the records of the apps in
    `shows` and what vary() returns (the day, the minute): made once per change of those and
    kept in this process (lib.freshness.fragment). Its template shows no visitor's data."""

    shows: tuple[str, ...] = ()

    def vary(self, value) -> tuple:
        return ()

    def render(self, value, context=None):
        stored = json.dumps(self.get_prep_value(value), sort_keys=True, default=str)
        return mark_safe(
            freshness.fragment(
                f"block:{type(self).__qualname__}",
                self.shows,
                (stored, *self.vary(value)),
                lambda: super(KeptBlock, self).render(value, context),
            )
        )


# The apps each kind of block reads.
PAGES = ("content", "wagtailcore", "wagtaildocs", "wagtailimages")
FIGURES = ("programme", "indicators", "registry", "partnerships", "activities", "contests")


class StoryBlock(KeptBlock, blocks.StructBlock):
    shows = PAGES  # rich text links to pages, documents and images

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    text = blocks.RichTextBlock(
        label=_("Text"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"],
    )

    class Meta:
        label = _("Story")
        icon = "doc-full"
        template = "content/blocks/story.html"


class ProgrammeBlock(KeptBlock, blocks.StaticBlock):
    """The programme's description and key facts as entered in the back office."""

    shows = ("programme",)

    class Meta:
        label = _("Programme facts")
        icon = "list-ul"
        admin_text = _("The programme's name, description, operator, funding and period.")
        template = "content/blocks/programme.html"


class ResultsBlock(KeptBlock, blocks.StructBlock):
    shows = FIGURES

    as_of = blocks.DateBlock(
        label=_("As of"),
        required=False,
        help_text=_("Empty: the programme's end once it has ended, today while it runs."),
    )

    class Meta:
        label = _("Results (live from the indicators)")
        icon = "table"
        template = "content/blocks/results.html"

    def vary(self, value) -> tuple:
        return (timezone.localdate(),)  # no day chosen: as of today while the programme runs

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # The layout has read the programme already (lazily, once a request).
        programme = (parent_context or {}).get("programme")
        context["results"] = selectors.results(
            as_of=value.get("as_of"), programme=programme if programme else None
        )
        return context


class EventsBlock(KeptBlock, blocks.StructBlock):
    shows = ("activities", "registry")

    count = blocks.IntegerBlock(label=_("How many"), min_value=1, max_value=12, default=3)

    class Meta:
        label = _("Upcoming events (live)")
        icon = "date"
        template = "content/blocks/events.html"

    def vary(self, value) -> tuple:
        return (selectors.this_minute(),)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["events"] = selectors.upcoming_events(count=value["count"])  # as of this minute
        return context


class NewsBlock(KeptBlock, blocks.StructBlock):
    shows = (*PAGES, "taggit")

    count = blocks.IntegerBlock(label=_("How many"), min_value=1, max_value=12, default=3)

    class Meta:
        label = _("Latest news (live)")
        icon = "doc-full-inverse"
        template = "content/blocks/news.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["news"] = selectors.latest_news(count=value["count"])
        return context


class LaureatesBlock(KeptBlock, blocks.StaticBlock):
    shows = ("contests", "registry", "partnerships")

    class Meta:
        label = _("Latest contest laureates (live)")
        icon = "pick"
        admin_text = _("The awards of the latest decided contest edition.")
        template = "content/blocks/laureates.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["edition"] = selectors.latest_awarded_edition()
        return context


class LogoBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Logo"))
    name = blocks.CharBlock(label=_("Name (the logo's text alternative)"), max_length=200)
    url = blocks.URLBlock(label=_("Address"), required=False)


class LogosBlock(KeptBlock, blocks.StructBlock):
    shows = ("wagtailimages",)

    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    logos = blocks.ListBlock(LogoBlock(), label=_("Logos"))

    class Meta:
        label = _("Partner and funder logos")
        icon = "image"
        template = "content/blocks/logos.html"


class RecordingBlock(KeptBlock, blocks.StructBlock):
    """A recording on YouTube or Vimeo shown behind a click-to-load facade: nothing is asked of
    the third party until the visitor presses the button."""

    shows = ("wagtailimages",)

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    url = blocks.URLBlock(label=_("Address of the recording on YouTube or Vimeo"))
    thumbnail = ImageChooserBlock(label=_("Thumbnail (stored here)"), required=False)

    class Meta:
        label = _("Recording")
        icon = "media"
        template = "content/blocks/recording.html"

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from wagtail.blocks import StructBlockValidationError

        value = super().clean(value)
        if selectors.embed_address(value["url"]) is None:
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(_("Give the address of a YouTube or Vimeo recording."))
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed"] = selectors.embed_address(value["url"])
        return context


HOME_BLOCKS = [
    ("story", StoryBlock()),
    ("programme", ProgrammeBlock()),
    ("results", ResultsBlock()),
    ("events", EventsBlock()),
    ("news", NewsBlock()),
    ("laureates", LaureatesBlock()),
    ("logos", LogosBlock()),
    ("recording", RecordingBlock()),
]
