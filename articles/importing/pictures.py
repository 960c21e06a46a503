"""Pictures an import refers to: a local file becomes an `articles.Image` once; a remote one is reported."""

from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.text import Truncator

from articles.images import validate_image_file
from articles.models import Image, ImportRecord


def is_remote(href):
    return urlsplit(href).scheme in ("http", "https", "ftp")


def image_from_file(picture, *, base_dir, source, summary):
    """Turn a local picture into an `articles.Image` (once per identity); None if it cannot be."""
    identity = picture.identity or picture.href
    record = ImportRecord.objects.filter(source_uri=identity[:500], kind="image").first()
    if record and (image := Image.objects.filter(pk=record.object_id).first()):
        return image
    if not picture.href or is_remote(picture.href):
        summary.note(source, f"remote image not fetched: {picture.href or '(no address)'}")
        return None
    href = picture.href[7:] if picture.href.startswith("file://") else picture.href
    if base_dir is None:
        # Uploads from the admin may not name files on the server.
        summary.note(source, f"image not available with this import: {href}")
        return None
    path = Path(base_dir) / href  # an absolute href stays absolute
    if not path.is_file():
        summary.note(source, f"image file missing: {href}")
        return None
    with path.open("rb") as fh:
        upload = File(fh, name=path.name)
        try:
            validate_image_file(upload)
        except ValidationError as error:
            summary.note(source, f"image {path.name} left out: {' '.join(error.messages)}")
            return None
        image = Image(
            alt_text=Truncator(" ".join((picture.alt or picture.caption or path.stem).split())).chars(250),
            caption=Truncator(" ".join(picture.caption.split())).chars(300),
            credit=picture.credit[:120],
        )
        image.file.save(path.name, upload, save=False)
        image.save()
    # Renditions are files, written outside the transaction's reach; a rolled
    # back document can leave orphaned files behind, never rows.
    from articles.services import image_refresh_renditions

    image_refresh_renditions(image=image)
    ImportRecord.objects.update_or_create(source_uri=identity[:500], defaults={"kind": "image", "object_id": image.pk})
    return image
