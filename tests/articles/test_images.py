"""Uploads are checked with Pillow; renditions are made once and reused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.models import Image
from articles.services import image_refresh_renditions
from tests.factories import ImageFactory, jpeg_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.media]
ADD_URL = reverse("admin:articles_image_add")


def upload(editor_client, name, content, content_type="image/jpeg"):
    data = {"file": SimpleUploadedFile(name, content, content_type=content_type), "alt_text": "A chart"}
    return editor_client.post(ADD_URL, data)


def png_bytes(width, height, mode="1"):
    buffer = io.BytesIO()
    PILImage.new(mode, (width, height)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def assert_form_error(response, message):
    assert response.status_code == 200, "the form is shown again, never a 500"
    errors = response.context["adminform"].form.errors["file"]
    assert any(message in e for e in errors), errors
    assert not Image.objects.exists()


def test_a_real_jpeg_is_stored_with_renditions(editor_client):
    response = upload(editor_client, "photo.jpg", jpeg_bytes(1600, 900))
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (1600, 900)
    assert sorted(image.renditions["webp"], key=int) == ["320", "640", "960", "1200", "1280"]
    assert sorted(image.renditions["jpeg"], key=int) == ["320", "640", "960", "1200", "1280"]


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted(editor_client, fmt):
    response = upload(editor_client, f"chart.{fmt.lower()}", jpeg_bytes(700, 400, fmt=fmt), f"image/{fmt.lower()}")
    assert response.status_code == 302
    assert Image.objects.get().renditions["jpeg"]


def test_a_text_file_renamed_jpg_is_refused(editor_client):
    assert_form_error(upload(editor_client, "notes.jpg", b"these are not pixels " * 100), "not an image")


def test_a_truncated_jpeg_is_refused(editor_client):
    data = jpeg_bytes(1200, 800)
    assert_form_error(upload(editor_client, "cut.jpg", data[: len(data) // 2]), "damaged or incomplete")


def test_a_decompression_bomb_is_refused(editor_client):
    bomb = png_bytes(20000, 20000)  # a few kB on disk, 400 megapixels in memory
    assert len(bomb) < 200_000
    assert_form_error(upload(editor_client, "bomb.png", bomb, "image/png"), "too many pixels")


def test_an_image_over_the_pixel_limit_is_refused(editor_client, settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    assert_form_error(upload(editor_client, "big.jpg", jpeg_bytes(1500, 1000)), "the limit is 1 megapixels")


def test_an_oversized_file_is_refused(editor_client, settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 10_000
    assert_form_error(upload(editor_client, "heavy.jpg", jpeg_bytes(2000, 1500)), "at most")


def test_a_gif_is_refused_with_the_formats_named(editor_client):
    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 600)).save(buffer, "GIF")
    assert_form_error(upload(editor_client, "anim.gif", buffer.getvalue(), "image/gif"), "upload a JPEG, PNG or WebP")


def test_a_tiny_image_is_refused(editor_client):
    assert_form_error(upload(editor_client, "icon.jpg", jpeg_bytes(100, 100)), "at least 320 pixels wide")


def test_renditions_are_never_wider_than_the_original(db):
    image = ImageFactory(file=SimpleUploadedFile("small.jpg", jpeg_bytes(700, 400)))
    assert sorted(image.renditions["webp"], key=int) == ["320", "640", "700"]


def test_renditions_are_reused_not_remade(db, editor_client):
    image = ImageFactory()
    before = dict(image.renditions)
    response = editor_client.post(
        reverse("admin:articles_image_change", args=[image.pk]), {"alt_text": "New words", "caption": "", "credit": ""}
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.alt_text == "New words"
    assert image.renditions == before


def test_remaking_renditions_replaces_the_files(db):
    image = ImageFactory()
    first = image.renditions
    assert image_refresh_renditions(image=image).renditions == first


def test_picture_markup_has_webp_and_jpeg_sources(image):
    from articles.templatetags.newsroom import picture

    html = picture(image, sizes="50vw")
    assert 'type="image/webp"' in html
    assert 'sizes="50vw"' in html
    assert f'width="{image.width}" height="{image.height}"' in html
    assert f'alt="{image.alt_text}"' in html


def test_a_wrong_extension_names_only_the_accepted_formats(editor_client):
    response = upload(editor_client, "photo.gif", jpeg_bytes(800, 600))
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["file"])
    assert "jpg, jpeg, png, webp" in errors and "tiff" not in errors


def test_a_16_bit_greyscale_png_keeps_its_tones(db):
    buffer = io.BytesIO()
    grey = PILImage.linear_gradient("L").resize((640, 400)).convert("I")
    grey.point(lambda v: v * 256).convert("I;16").save(buffer, "PNG")
    image = ImageFactory(file=SimpleUploadedFile("grey16.png", buffer.getvalue()))
    with image.file.storage.open(image.renditions["jpeg"]["320"]) as fh, PILImage.open(fh) as copy:
        low, high = copy.convert("L").getextrema()
    assert low < 40 and high > 200, "a gradient, not a white sheet"


def test_exif_rotated_photos_get_their_displayed_size(db):
    buffer = io.BytesIO()
    exif = PILImage.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    PILImage.new("RGB", (1000, 700), (20, 120, 200)).save(buffer, "JPEG", exif=exif)
    image = ImageFactory(file=SimpleUploadedFile("rotated.jpg", buffer.getvalue()))
    image.refresh_from_db()
    assert (image.width, image.height) == (700, 1000)


def test_the_add_form_shows_no_empty_preview(editor_client):
    html = editor_client.get(ADD_URL).content.decode()
    assert "Width" not in html and "Preview" not in html


def test_renditions_are_served_where_the_page_points(client, editor_client, media_backend):
    from django.core.files.storage import default_storage

    from portal.web.storage import is_local
    from tests.media import media_bytes

    assert is_local(default_storage) == (media_backend == "local"), "the [s3] run really writes to the bucket"
    assert upload(editor_client, "photo.jpg", jpeg_bytes(1600, 900)).status_code == 302
    image = Image.objects.get()
    for url, width in image.sources("jpeg") + image.sources("webp"):
        assert url.startswith("/media/") if media_backend == "local" else url.startswith("http://127.0.0.1:")
        with PILImage.open(io.BytesIO(media_bytes(client, url))) as copy:
            assert copy.width == width
    # The original too (the admin's link to it).
    with PILImage.open(io.BytesIO(media_bytes(client, image.file.url))) as original:
        assert original.size == (1600, 900)
