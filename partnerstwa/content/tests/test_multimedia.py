"""Issue 12, multimedia: galleries with text alternatives, responsive modern formats, and
recordings behind a click-to-load facade (nothing asked of a third party before the click)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images.models import Image

from partnerstwa.content.models import GalleryImageBlock
from partnerstwa.content.tests.factories import gallery

RECORDING = {
    "title": "Konferencja zamykająca",
    "url": "https://www.youtube.com/watch?v=abcdEFGH123",
}


def _image() -> Image:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1600, 900), "#1f4e79").save(buffer, "PNG")
    return Image.objects.create(title="Wykres", file=ImageFile(buffer, name="wykres.png"))


@pytest.mark.django_db
def test_a_recording_is_a_button_until_the_visitor_asks_for_the_player(client):
    page = gallery(title="Nagrania", items=[("recording", RECORDING)])
    response = client.get(page.url)
    content = response.content.decode()
    assert "<iframe" not in content
    assert 'data-embed="https://www.youtube-nocookie.com/embed/abcdEFGH123?autoplay=1"' in content
    assert "data-recording-play" in content and "/static/portal/recordings.js" in content
    assert "youtube.com/watch" in content  # the plain link, which a visitor follows if they choose
    assert (
        "frame-src https://www.youtube-nocookie.com https://player.vimeo.com"
        in (response["Content-Security-Policy"])
    )


@pytest.mark.django_db
def test_pages_without_recordings_allow_no_third_party_frames(client):
    page = gallery(title="Zdjęcia")
    assert "frame-src" not in client.get(page.url)["Content-Security-Policy"]
    assert "frame-src" not in client.get("/")["Content-Security-Policy"]


def test_a_recording_must_be_on_youtube_or_vimeo():
    from partnerstwa.content.blocks import RecordingBlock

    block = RecordingBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"title": "Film", "url": "https://example.org/film.mp4"}))


@pytest.mark.django_db
def test_a_photograph_needs_its_text_alternative(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    block = GalleryImageBlock()
    image = _image()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": image.pk, "alt": ""}))


# Wagtail leaves the temporary files of new renditions to the garbage collector.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.django_db
def test_a_photograph_is_shown_in_modern_formats_with_srcset_its_caption_author_and_licence(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    image = _image()
    photo = {
        "image": image,
        "alt": "Wykres liczby partnerstw",
        "caption": "Partnerstwa w programie",
        "author": "Zespół programu",
        "licence": "CC BY 4.0",
    }
    page = gallery(title="Wykresy", items=[("image", photo)])
    content = client.get(page.url).content.decode()
    assert ".avif 800w" in content and 'type="image/avif"' in content
    assert ".webp 800w" in content and 'type="image/webp"' in content
    assert 'alt="Wykres liczby partnerstw"' in content
    assert "Partnerstwa w programie" in content
    assert "Zespół programu" in content and "CC BY 4.0" in content
