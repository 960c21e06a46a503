"""Hand-set crops of the wide and social renditions, and the library's "Replace file" page."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage

from articles.imagecrops import parse_crop
from articles.images import crop_box
from articles.models import Image
from articles.social import social_image
from portal.roles import EDITOR
from portal.web import changes
from tests.articles.workflow.users import role_user
from tests.factories import ArticleFactory, ImageFactory, jpeg_bytes
from tests.html import parse, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """The keys announced while the test runs (content_changed, sent when the transaction commits)."""
    seen = []

    def listen(sender, keys, **kwargs):
        seen.extend(keys)

    changes.content_changed.connect(listen, weak=False, dispatch_uid="tests.crops.heard")
    yield seen
    changes.content_changed.disconnect(dispatch_uid="tests.crops.heard")


def login(user):
    client = Client()
    client.force_login(user)
    return client


def banded(width=1600, height=900):
    """A white picture with a red block in its lower right corner."""
    picture = PILImage.new("RGB", (width, height), "white")
    picture.paste((200, 0, 0), (width * 3 // 4, height * 3 // 4, width, height))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def image_form(image, **overrides):
    data = {
        "alt_text": image.alt_text, "caption": image.caption, "credit": image.credit, "digital_source_type": "",
        "focal_x": "", "focal_y": "", "crop_wide": "", "crop_social": "",
    }  # fmt: skip
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "typed, box",
    [("10, 5, 90, 60", [0.1, 0.05, 0.9, 0.6]), ("0%,0%,100%,100%", [0, 0, 1, 1]), ("", None)],
)
def test_a_crop_is_four_percentages(typed, box):
    assert parse_crop(typed) == box


@pytest.mark.parametrize("typed", ["10 5 90 60", "10, 5, 190, 60", "50, 5, 55, 60", "a, b, c, d", "90, 5, 10, 60"])
def test_a_bad_crop_says_what_to_type(typed):
    from django import forms

    with pytest.raises(forms.ValidationError):
        parse_crop(typed)


def test_the_box_keeps_its_ratio_inside_the_editors_box():
    # A 50%-wide, full-height box of a 1600×900 picture: the widest 16:9 inside it, centred.
    assert crop_box((1600, 900), None, 16 / 9, (0.5, 0, 1, 1)) == (800, 225, 1600, 675)
    assert crop_box((1600, 900), (0.5, 0.5), 16 / 9, None) == (0, 0, 1600, 900)  # no box: the focal rule


def test_an_editor_crops_the_social_card_and_the_renditions_follow(
    settings, client, heard, django_capture_on_commit_callbacks
):
    settings.IMAGE_RENDITION_WIDTHS = [320, 1200]
    image = ImageFactory(file=ContentFile(banded(), name="banded.jpg"))
    article = ArticleFactory(hero_image=image)
    url = reverse("admin:articles_image_change", args=[image.pk])
    editor = login(role_user(EDITOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(url, image_form(image, crop_social="75, 75, 100, 100"))
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.crops == {"social": [0.75, 0.75, 1.0, 1.0]}
    social = image.renditions["social"]
    with image.file.storage.open(social["jpeg"]) as fh, PILImage.open(fh) as copy:
        assert copy.size == (social["width"], social["height"]) and abs(copy.width / copy.height - 1200 / 630) < 0.01
        red, green, _ = copy.convert("RGB").getpixel((copy.width // 2, copy.height // 2))
        assert red > 150 and green < 80  # the editor's corner, not the middle of the picture
    assert f"image-{image.pk}" in heard  # pages and proxies showing it refresh
    page = client.get(article.get_absolute_url()).content.decode()
    assert social["jpeg"].rsplit("/", 1)[1] in page  # og:image is the social crop
    # Cleared again: back to the focal rule, and no social rendition of its own.
    editor.post(url, image_form(image, crop_social=""))
    image.refresh_from_db()
    assert image.crops == {} and "social" not in image.renditions


def test_a_bad_crop_is_a_form_error_not_a_500():
    image = ImageFactory()
    response = login(role_user(EDITOR)).post(
        reverse("admin:articles_image_change", args=[image.pk]), image_form(image, crop_wide="1, 2, 3")
    )
    assert response.status_code == 200
    assert "four percentages" in text(parse(response.content.decode()).cssselect(".field-crop_wide .errorlist")[0])


def test_replacing_the_file_keeps_the_picture_everywhere_and_old_addresses_working(
    client, heard, django_capture_on_commit_callbacks
):
    image = ImageFactory(focal_x=0.2, focal_y=0.2)
    hero = ArticleFactory(hero_image=image, headline="Hero story")
    inside = ArticleFactory(headline="Body story", body=f'<p>x</p><figure data-image="{image.pk}"></figure>')
    old = image.renditions["jpeg"]["320"]
    editor = login(role_user(EDITOR))
    url = reverse("admin:articles_image_replace", args=[image.pk])
    page = parse(editor.get(url).content.decode())
    usage = text(page.cssselect(".image-usage")[0])
    assert "Hero story (hero)" in usage and "Body story (body)" in usage  # where it is used, before replacing
    upload = SimpleUploadedFile("new.jpg", jpeg_bytes(1200, 800, color=(10, 200, 10)), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(url, {"file": upload})
    assert response.status_code == 303
    image.refresh_from_db()
    assert (image.width, image.height) == (1200, 800) and image.focal_x is None  # a new file, a new framing
    assert image.renditions["jpeg"]["320"] != old and image.file.storage.exists(old)  # old addresses still answer
    assert f"image-{image.pk}" in heard
    assert image.renditions["jpeg"]["320"].rsplit("/", 1)[1] in client.get(hero.get_absolute_url()).content.decode()
    assert image.renditions["jpeg"]["320"].rsplit("/", 1)[1] in client.get(inside.get_absolute_url()).content.decode()
    assert Image.objects.count() == 1


def test_replacing_with_a_bad_file_says_why():
    image = ImageFactory()
    bad = SimpleUploadedFile("notes.jpg", b"not an image", content_type="image/jpeg")
    response = login(role_user(EDITOR)).post(reverse("admin:articles_image_replace", args=[image.pk]), {"file": bad})
    assert response.status_code == 400 and "not an image" in response.content.decode()


def test_the_social_card_uses_the_hand_crop(rf):
    image = ImageFactory()
    image.renditions["social"] = {"jpeg": "renditions/1/x-social-1200x630.jpg", "width": 1200, "height": 630}
    data = social_image(image, rf.get("/"))
    assert (data["width"], data["height"]) == (1200, 630) and data["url"].endswith("x-social-1200x630.jpg")


def test_the_pictures_page_offers_the_crops_the_replace_button_and_where_it_is_used():
    image = ImageFactory(crops={"social": [0.1, 0.05, 0.9, 0.6]})
    ArticleFactory(headline="Social story", social_image=image)
    page = parse(login(role_user(EDITOR)).get(reverse("admin:articles_image_change", args=[image.pk])).content.decode())
    assert page.cssselect("input#id_crop_social")[0].get("value") == "10, 5, 90, 60"
    assert page.cssselect("input#id_crop_wide")[0].get("value") in (None, "")
    replace = page.cssselect(".field-replace_link a")[0]
    assert replace.get("href") == reverse("admin:articles_image_replace", args=[image.pk])
    assert "Social story (social card)" in text(page.cssselect(".field-used_where")[0])
