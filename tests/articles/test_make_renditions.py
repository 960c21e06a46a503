"""`manage.py make_renditions`: older images get the widths added since (1200 for social cards)."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from articles.models import Image
from tests.factories import ImageFactory, jpeg_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.media]


def test_missing_widths_and_sizes_are_made(settings):
    settings.IMAGE_RENDITION_WIDTHS = [320, 640]
    old = ImageFactory(file=ContentFile(jpeg_bytes(1600, 900), name="wide.jpg"))
    assert sorted(old.renditions["jpeg"], key=int) == ["320", "640"]
    Image.objects.filter(pk=old.pk).update(renditions={"webp": old.renditions["webp"], "jpeg": old.renditions["jpeg"]})
    small = ImageFactory(file=ContentFile(jpeg_bytes(700, 400), name="small.jpg"))

    settings.IMAGE_RENDITION_WIDTHS = [320, 640, 1200]
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    old.refresh_from_db()
    assert sorted(old.renditions["jpeg"], key=int) == ["320", "640", "1200"]
    assert old.renditions["bytes"]["jpeg"]["1200"] > 0  # what a feed's <enclosure> states
    small.refresh_from_db()
    # Its widest copy had been capped at 640; now it is the original's 700, never wider.
    assert sorted(small.renditions["jpeg"], key=int) == ["320", "640", "700"]
    assert "Made renditions for 2 image(s)" in out.getvalue()

    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert "Made renditions for 0 image(s)" in out.getvalue()  # all complete now
    out = io.StringIO()
    call_command("make_renditions", "--all", stdout=out)
    assert "Made renditions for 2 image(s)" in out.getvalue()


def test_a_missing_original_is_reported_not_fatal(settings):
    image = ImageFactory()
    image.file.storage.delete(image.file.name)
    Image.objects.filter(pk=image.pk).update(renditions={})
    err = io.StringIO()
    call_command("make_renditions", stdout=io.StringIO(), stderr=err)
    assert f"Image {image.pk}" in err.getvalue()
