"""The image library in a real browser: draw the social card's crop on the picture, save, and see the
rendition made; replace the file and see where the picture is used."""

import re

from django.core.files.base import ContentFile
from django.urls import reverse

from articles.models import Image
from tests.browser.support import expect
from tests.browser.test_editor_journey import PASSWORD, log_in, photo_bytes
from tests.factories import ArticleFactory, ImageFactory, jpeg_bytes


def test_an_editor_draws_the_social_crop_and_replaces_the_file(
    open_context, console, screenshot, django_user_model, tmp_path
):
    image = ImageFactory(file=ContentFile(photo_bytes(), name="floor.jpg"), alt_text="The dealing floor")
    ArticleFactory(headline="Banks rally", hero_image=image)
    django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    page = open_context().new_page()
    log_in(page, "editor")
    page.goto(reverse("admin:articles_image_change", args=[image.pk]))
    expect(page.locator(".field-used_where")).to_contain_text("Banks rally (hero)")
    page.get_by_role("button", name="for the picture on social cards").click()
    picture = page.locator(".crop-tool__picture img")
    picture.scroll_into_view_if_needed()
    box = picture.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.1, box["y"] + box["height"] * 0.1)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.4, steps=5)
    page.mouse.up()
    expect(page.get_by_label("Crop for the picture on social cards (1200×630)")).to_have_value(
        re.compile(r"^1\d(\.\d)?, 1\d(\.\d)?, 5\d(\.\d)?, 4\d(\.\d)?$")
    )
    screenshot(page, "image-crop-tool")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    image.refresh_from_db()
    assert image.crops["social"][0] < 0.15 and image.renditions["social"]["width"] <= 1200
    expect(page.locator(".field-crop_previews figure", has_text="Social card")).to_be_visible()

    page.get_by_role("link", name="Replace file…").click()
    expect(page.locator(".image-usage")).to_contain_text("Banks rally (hero)")
    upload = tmp_path / "new.jpg"
    upload.write_bytes(jpeg_bytes(1400, 800, color=(20, 160, 60)))
    page.get_by_label("New file").set_input_files(str(upload))
    page.get_by_role("button", name="Replace the file").click()
    expect(page.locator(".messagelist .success")).to_contain_text("1 article(s) show the new picture")
    image = Image.objects.get(pk=image.pk)
    assert (image.width, image.height) == (1400, 800) and image.crops == {}
    console.assert_clean()
