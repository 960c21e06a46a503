"""Pictures in the editor's desk: focal-point crops, the in-form chooser's endpoints, usage in the library."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage

from articles.images import focal_crop_box
from articles.models import Image
from portal.roles import CONTRIBUTOR, EDITOR
from tests.articles.workflow.users import role_user
from tests.factories import ArticleFactory, ImageFactory, jpeg_bytes
from tests.html import parse, text

pytestmark = pytest.mark.django_db


def login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "size, focal, box",
    [
        ((1600, 900), None, (0, 0, 1600, 900)),  # no focal point: the whole picture, as before
        ((1200, 1200), (0.5, 0.5), (0, 262, 1200, 937)),  # a square keeps a 16:9 band
        ((1200, 1200), (0.5, 0.0), (0, 0, 1200, 675)),  # subject at the top: the band moves up
        ((1200, 1200), (0.5, 1.0), (0, 525, 1200, 1200)),
        ((3000, 1000), (0.9, 0.5), (1222, 0, 3000, 1000)),  # a panorama: pushed back inside the right edge
        ((3000, 1000), (0.1, 0.5), (0, 0, 1778, 1000)),
    ],
)
def test_the_crop_box_keeps_the_focal_point_in_view(size, focal, box):
    assert focal_crop_box(size, focal) == box


def test_renditions_are_cropped_around_the_focal_point(settings):
    settings.IMAGE_RENDITION_WIDTHS = [320]
    square = PILImage.new("RGB", (800, 800), "white")
    square.paste((200, 0, 0), (0, 0, 800, 100))  # a red band at the very top
    buffer = io.BytesIO()
    square.save(buffer, "JPEG")
    image = ImageFactory(file=ContentFile(buffer.getvalue(), name="square.jpg"))
    editor = role_user(EDITOR)
    response = login(editor).post(reverse("admin:articles_image_focal", args=[image.pk]), {"x": "0.5", "y": "0"})
    assert response.status_code == 200
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.5, 0.0) and (image.width, image.height) == (800, 800)
    with image.file.storage.open(image.renditions["jpeg"]["320"]) as fh, PILImage.open(fh) as copy:
        assert copy.size == (320, 180)
        red, green, _ = copy.convert("RGB").getpixel((160, 5))
        assert red > 150 and green < 80  # the top band is in the crop


def test_setting_the_focal_point_needs_the_permission_and_sane_numbers(image):
    url = reverse("admin:articles_image_focal", args=[image.pk])
    assert login(role_user(CONTRIBUTOR)).post(url, {"x": "0.2", "y": "0.2"}).status_code == 403
    editor = login(role_user(EDITOR))
    assert editor.post(url, {"x": "2", "y": "0.2"}).status_code == 400
    assert editor.post(url, {"x": "left"}).status_code == 400
    assert editor.get(url).status_code == 405


def test_the_chooser_lists_and_searches_thumbnails():
    ImageFactory(alt_text="A trading floor in London")
    ImageFactory(alt_text="The central bank building")
    client = login(role_user(CONTRIBUTOR))  # writers choose pictures too
    url = reverse("admin:articles_image_chooser")
    assert len(client.get(url).json()["results"]) == 2
    found = client.get(url, {"q": "central bank"}).json()["results"]
    assert [r["alt"] for r in found] == ["The central bank building"]
    assert found[0]["thumb"].endswith(".jpg") and found[0]["used"] == 0


def test_uploading_from_the_chooser():
    client = login(role_user(CONTRIBUTOR))
    url = reverse("admin:articles_image_chooser_upload")
    upload = SimpleUploadedFile("hero.jpg", jpeg_bytes(1600, 900), content_type="image/jpeg")
    response = client.post(url, {"file": upload, "alt_text": "Traders watch screens", "credit": "Reuters"})
    assert response.status_code == 201
    image = Image.objects.get()
    assert response.json()["image"]["id"] == image.pk and image.renditions["jpeg"]
    bad = SimpleUploadedFile("notes.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(url, {"file": bad, "alt_text": "x"})
    assert response.status_code == 400 and "not an image" in " ".join(response.json()["errors"]["file"])
    assert Image.objects.count() == 1


def test_the_article_form_shows_the_chooser_and_the_focal_point(section, image):
    editor = role_user(EDITOR)
    article = ArticleFactory(category=section, hero_image=image)
    page = parse(login(editor).get(reverse("admin:articles_article_change", args=[article.pk])).content.decode())
    chooser = page.cssselect("[data-image-chooser]")[0]
    assert chooser.get("data-chooser-url") == reverse("admin:articles_image_chooser")
    picker = chooser.cssselect("[data-focal-picker]")[0]
    assert picker.get("data-focal-url") == reverse("admin:articles_image_focal", args=[image.pk])
    assert page.cssselect("select#id_hero_image")  # the plain select stays for no-JS


def test_the_library_says_where_a_picture_is_used(section, image):
    for _ in range(3):
        ArticleFactory(category=section, hero_image=image)
    ImageFactory(alt_text="Unused one")
    page = parse(login(role_user(EDITOR)).get(reverse("admin:articles_image_changelist")).content.decode())
    usage = [text(td) for td in page.cssselect("td.field-usage")]
    assert sorted(usage) == ["Not used", "used in 3 articles"]
