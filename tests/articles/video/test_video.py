"""articles/video.py: provider addresses, uploaded files checked by content, durations;
and the model's and the admin form's checks built on them."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from articles.models import ArticleVideo
from articles.video import media as video
from articles.video.admin import ArticleVideoForm, DurationField

# A real MP4's first box (ftyp, brand mp42) and a real WebM EBML header (DocType "webm").
from tests.articles.video.files import EXE_HEAD, MKV_HEAD, MP4_HEAD, WEBM_HEAD
from tests.factories import ArticleFactory, ImageFactory
from tests.media import stored_bytes


def upload(content, name="clip.mp4", content_type="video/mp4"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- addresses --------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "provider", "video_id"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42", "youtube", "dQw4w9WgXcQ"),
        ("http://m.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc&t=3", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/aBc-_123XyZ", "youtube", "aBc-_123XyZ"),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ?start=10", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("  www.youtube.com/watch?v=dQw4w9WgXcQ  ", "youtube", "dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "vimeo", "76979871"),
        ("https://www.vimeo.com/76979871/", "vimeo", "76979871"),
        ("https://player.vimeo.com/video/76979871?h=abc", "vimeo", "76979871"),
    ],
)
def test_provider_addresses_are_reduced_to_an_id(url, provider, video_id):
    assert video.parse_video_url(url) == (provider, video_id)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a url",
        "https://example.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&v=",  # first v wins; fine
        "https://www.youtube.com/channel/UC1234567890",
        "https://www.youtube.com/watch",
        "https://youtu.be/",
        "https://youtu.be/dQw4w9WgXcQ/extra",
        "https://vimeo.com/channels/staffpicks",
        "https://vimeo.com/abc",
        "https://player.vimeo.com/76979871",
        "javascript:alert(1)//youtu.be/dQw4w9WgXcQ",
        "ftp://youtu.be/dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example/?u=https://youtu.be/dQw4w9WgXcQ",
        'https://youtu.be/dQw4w9WgX"Q',
        "https://[::1/",
    ],
)
def test_anything_else_is_refused_with_a_clear_message(url):
    if url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ&v=":
        assert video.parse_video_url(url).video_id == "dQw4w9WgXcQ"
        return
    with pytest.raises(ValidationError) as error:
        video.parse_video_url(url)
    assert "YouTube or Vimeo video address" in error.value.messages[0]


@given(st.text(max_size=200))
def test_any_text_either_parses_to_a_safe_id_or_is_refused(text):
    try:
        provider, video_id = video.parse_video_url(text)
    except ValidationError:
        return
    assert provider in ("youtube", "vimeo")
    assert video_id.replace("-", "").replace("_", "").isalnum() and video_id.isascii()


def test_player_and_watch_addresses_are_the_privacy_enhanced_ones():
    assert (
        video.embed_url("youtube", "dQw4w9WgXcQ")
        == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"
    )
    assert video.embed_url("vimeo", "76979871") == "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"
    assert video.embed_url("vimeo", "76979871", autoplay=False) == "https://player.vimeo.com/video/76979871?dnt=1"
    assert video.watch_url("youtube", "dQw4w9WgXcQ") == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert video.watch_url("vimeo", "76979871") == "https://vimeo.com/76979871"
    assert video.embed_url("upload", "") == video.watch_url("upload", "") == ""


# --- files ----------------------------------------------------------------------


def test_real_mp4_and_webm_headers_pass_with_their_type():
    assert video.validate_video_file(upload(MP4_HEAD + b"\x00" * 1000)) == "video/mp4"
    assert video.validate_video_file(upload(WEBM_HEAD + b"\x00" * 1000, "clip.webm", "video/webm")) == "video/webm"


@pytest.mark.parametrize(
    "content",
    [
        EXE_HEAD,  # a renamed executable
        MKV_HEAD,  # Matroska is EBML too, but browsers only promise WebM
        b"\x00\x00\x00\x18ftypqt  \x00\x00\x00\x00qt  ",  # QuickTime .mov
        b"\x1a\x45\xdf\xa3",  # truncated
        b"",
        b"<html><script>alert(1)</script></html>",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
    ],
)
def test_other_files_are_refused_whatever_their_name(content):
    with pytest.raises(ValidationError) as error:
        video.validate_video_file(upload(content, "clip.mp4", "video/mp4"))
    assert error.value.code == "not_a_video"
    assert "not an MP4 or WebM video" in error.value.messages[0]


def test_oversized_files_are_refused_before_reading(settings):
    settings.VIDEO_UPLOAD_MAX_MB = 1
    big = upload(MP4_HEAD + b"\x00" * (1024 * 1024))
    with pytest.raises(ValidationError) as error:
        video.validate_video_file(big)
    assert error.value.code == "file_too_large"
    assert "at most 1.0\xa0MB" in error.value.messages[0]


# --- durations -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "clock", "iso", "spoken"),
    [
        (205, "3:25", "PT3M25S", "3 minutes 25 seconds"),
        (59, "0:59", "PT59S", "59 seconds"),
        (60, "1:00", "PT1M", "1 minute"),
        (3723, "1:02:03", "PT1H2M3S", "1 hour 2 minutes 3 seconds"),
        (None, "", "", ""),
    ],
)
def test_durations_read_as_clock_iso_and_words(seconds, clock, iso, spoken):
    assert video.format_duration(seconds) == clock
    assert video.iso_duration(seconds) == iso
    assert video.spoken_duration(seconds) == spoken


@pytest.mark.parametrize(("text", "seconds"), [("3:25", 205), ("205", 205), ("1:02:03", 3723), (" 0:59 ", 59)])
def test_editors_type_durations_as_they_read_them(text, seconds):
    assert DurationField().clean(text) == seconds
    assert DurationField().prepare_value(seconds) == video.format_duration(seconds)


@pytest.mark.parametrize("text", ["3:75", "abc", "1:2", "0", "0:00", "25:00:00", "-5", "1:60:00"])
def test_bad_durations_get_a_message(text):
    with pytest.raises(ValidationError):
        DurationField().clean(text)


# --- the model and the admin form ------------------------------------------------


@pytest.mark.django_db
def test_clean_works_out_kind_and_id_from_the_address():
    item = ArticleVideo(
        article=ArticleFactory(), url="https://youtu.be/dQw4w9WgXcQ", poster=ImageFactory(), duration=30
    )
    item.full_clean()
    assert (item.kind, item.video_id, item.is_embed, item.provider_name) == ("youtube", "dQw4w9WgXcQ", True, "YouTube")
    assert item.embed_url.startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")


@pytest.mark.django_db
@pytest.mark.media
def test_clean_checks_an_uploaded_file_and_records_type_and_size():
    item = ArticleVideo(
        article=ArticleFactory(),
        file=upload(WEBM_HEAD + b"\x00" * 500, "x.webm"),
        poster=ImageFactory(),
        duration=12,
    )
    item.full_clean()
    item.save()
    item.refresh_from_db()
    assert (item.kind, item.mime_type, item.file_size, item.video_id) == (
        "upload",
        "video/webm",
        len(WEBM_HEAD) + 500,
        "",
    )
    assert not item.is_embed and item.embed_url == item.watch_url == ""
    assert stored_bytes(item.file) == WEBM_HEAD + b"\x00" * 500


@pytest.mark.django_db
@pytest.mark.media
def test_saving_again_does_not_fetch_a_stored_video(monkeypatch):
    item = ArticleVideo(
        article=ArticleFactory(), file=upload(MP4_HEAD + b"\x00" * 500), poster=ImageFactory(), duration=9
    )
    item.full_clean()
    item.save()
    item = ArticleVideo.objects.get(pk=item.pk)
    item.caption = "Edited caption"

    def no_reading(*args, **kwargs):
        raise AssertionError("a stored video was read again from the storage")

    monkeypatch.setattr(item.file.storage, "open", no_reading)
    item.full_clean()
    item.save()
    assert (item.kind, item.mime_type) == ("upload", "video/mp4")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({}, "url", "Upload a video file or paste a YouTube or Vimeo address."),
        (
            {"url": "https://vimeo.com/1", "file": upload(MP4_HEAD)},
            "url",
            "Upload a video file or paste a YouTube or Vimeo address, not both.",
        ),
        ({"url": "https://example.com/video.mp4"}, "url", video.BAD_ADDRESS),
        ({"file": upload(EXE_HEAD, "setup.mp4")}, "file", video.NOT_A_VIDEO),
    ],
)
def test_the_admin_form_explains_what_is_wrong(fields, field, message):
    data = {"url": fields.get("url", ""), "poster": ImageFactory().pk, "duration": "3:25"}
    files = {"file": fields["file"]} if "file" in fields else {}
    form = ArticleVideoForm(data, files, instance=ArticleVideo(article=ArticleFactory()))
    assert not form.is_valid()
    assert message in form.errors[field]


@pytest.mark.django_db
def test_the_admin_form_saves_an_embed_with_a_typed_duration():
    data = {"url": "https://vimeo.com/76979871", "poster": ImageFactory().pk, "duration": "1:02:03", "caption": "c"}
    form = ArticleVideoForm(data, instance=ArticleVideo(article=ArticleFactory()))
    assert form.is_valid(), form.errors
    saved = form.save()
    assert (saved.kind, saved.video_id, saved.duration) == ("vimeo", "76979871", 3723)


@pytest.mark.django_db
def test_a_poster_is_required():
    data = {"url": "https://vimeo.com/76979871", "duration": "3:00"}
    form = ArticleVideoForm(data, instance=ArticleVideo(article=ArticleFactory()))
    assert not form.is_valid()
    assert "poster" in form.errors


@pytest.mark.django_db
def test_the_transcript_is_sanitized_on_save():
    from tests.factories import ArticleVideoFactory

    item = ArticleVideoFactory(transcript='<p onclick="x()">Hello <script>alert(1)</script><strong>there</strong></p>')
    item.refresh_from_db()
    assert "script" not in item.transcript and "onclick" not in item.transcript
    assert item.transcript == "<p>Hello <strong>there</strong></p>"
