"""Checking uploaded images and making their renditions with Pillow."""

import io
import warnings
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from PIL import Image as PILImage
from PIL import ImageOps

ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "MPO": "JPEG"}


def validate_image_file(upload):
    """Check that an upload is a whole, reasonably sized JPEG, PNG or WebP.

    Returns (format, width, height). Raises ValidationError with a message an
    editor can act on; never lets Pillow's own exceptions escape.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > settings.IMAGE_MAX_UPLOAD_BYTES:
        raise ValidationError(
            "This file is %(size)s; images may be at most %(limit)s. Export a smaller JPEG and try again.",
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(settings.IMAGE_MAX_UPLOAD_BYTES)},
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # A DecompressionBombWarning is as bad as the error for us.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(upload) as probe:
                fmt, (width, height) = probe.format, probe.size
                if fmt not in ALLOWED_FORMATS:
                    raise ValidationError(
                        "This is a %(fmt)s file; upload a JPEG, PNG or WebP image.",
                        code="bad_format",
                        params={"fmt": fmt or "non-image"},
                    )
                _check_pixels(width, height)
                probe.load()  # decodes every byte: catches truncated files
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as error:
        raise ValidationError(
            "This image has too many pixels to process safely; resize it and try again.",
            code="too_many_pixels",
        ) from error
    except PILImage.UnidentifiedImageError as error:
        raise ValidationError(
            "This file is not an image we can read. Upload a JPEG, PNG or WebP picture.",
            code="not_an_image",
        ) from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(
            "This image is damaged or incomplete (perhaps the upload was cut short). Export it again and retry.",
            code="damaged",
        ) from error
    finally:
        upload.seek(0)
    return ALLOWED_FORMATS[fmt], width, height


def _check_pixels(width, height):
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            "This image is %(w)s×%(h)s pixels; the limit is %(mp)s megapixels. Resize it and try again.",
            code="too_many_pixels",
            params={"w": width, "h": height, "mp": settings.IMAGE_MAX_PIXELS // 1_000_000},
        )
    if width < settings.IMAGE_MIN_WIDTH:
        raise ValidationError(
            "This image is only %(w)s pixels wide; use one at least %(min)s pixels wide.",
            code="too_small",
            params={"w": width, "min": settings.IMAGE_MIN_WIDTH},
        )


def make_renditions(image, widths=None):
    """Write WebP and JPEG copies of `image` at each width not above its own.

    Returns the mapping stored in `Image.renditions`. Existing files with the
    same name are replaced, so running it twice is harmless. "bytes" records
    each file's size, which a feed's <enclosure> must state.
    """
    widths = sorted(set(widths or settings.IMAGE_RENDITION_WIDTHS))
    stem = PurePosixPath(image.file.name).stem[:60]
    result = {"webp": {}, "jpeg": {}, "bytes": {"webp": {}, "jpeg": {}}}
    with image.file.open("rb") as fh, PILImage.open(fh) as original:
        original = ImageOps.exif_transpose(original)
        if original.mode.startswith("I"):
            # 16/32-bit greyscale: scale to 8 bits first, or every copy comes out white.
            original = original.convert("I").point(lambda v: v / 256).convert("L")
        if original.mode not in ("RGB", "L"):
            # Flatten transparency on white: JPEG has no alpha channel.
            background = PILImage.new("RGB", original.size, "white")
            rgba = original.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            original = background
        else:
            original = original.convert("RGB")
        usable = [w for w in widths if w < original.width] + [min(original.width, widths[-1])]
        for width in sorted(set(usable)):
            height = round(original.height * width / original.width)
            resized = original.resize((width, height), PILImage.Resampling.LANCZOS)
            for fmt, ext, options in (
                ("webp", "webp", {"quality": 80, "method": 4}),
                ("jpeg", "jpg", {"quality": 82, "optimize": True, "progressive": True}),
            ):
                buffer = io.BytesIO()
                resized.save(buffer, fmt.upper(), **options)
                name = f"renditions/{image.pk}/{stem}-{width}.{ext}"
                if default_storage.exists(name):
                    default_storage.delete(name)
                result[fmt][str(width)] = default_storage.save(name, ContentFile(buffer.getvalue()))
                result["bytes"][fmt][str(width)] = buffer.tell()
        # The size as displayed (after EXIF rotation), for width/height attributes.
        result["size"] = list(original.size)
    return result
