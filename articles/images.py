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

from articles.credentials.reading import read_credentials
from articles.credentials.signing import RenditionSigner

ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "MPO": "JPEG"}
MIME_TYPES = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# The shape cards, the hero and social previews show (CSS crops cards to 16:9 too).
RENDITION_RATIO = 16 / 9


def focal_crop_box(size, focal, ratio=RENDITION_RATIO):
    """The (left, top, right, bottom) box of `ratio` that keeps the focal point in view.

    `focal` is (x, y) in 0..1 of the picture, or None: then the whole picture
    is kept, as before focal points existed. The box is as large as the ratio
    allows, centred on the focal point and pushed back inside the edges.
    """
    width, height = size
    if focal is None:
        return (0, 0, width, height)
    fx, fy = (min(1.0, max(0.0, float(v))) for v in focal)
    crop_w, crop_h = (round(height * ratio), height) if width / height > ratio else (width, round(width / ratio))
    crop_w, crop_h = min(crop_w, width), min(crop_h, height)
    left = min(max(0, round(fx * width - crop_w / 2)), width - crop_w)
    top = min(max(0, round(fy * height - crop_h / 2)), height - crop_h)
    return (left, top, left + crop_w, top + crop_h)


#: The renditions an editor may crop by hand (Image.crops): name -> (what uses it, ratio).
CROPS = {
    "wide": ("cards, the hero and pictures in the body (16:9)", RENDITION_RATIO),
    "social": ("the picture on social cards (1200×630)", 1200 / 630),
}
SOCIAL_SIZE = (1200, 630)


def crop_box(size, focal, ratio=RENDITION_RATIO, override=None):
    """The crop of `ratio` for a rendition: inside the editor's box when set, else around the focal point.

    `override` is (left, top, right, bottom) in fractions of the picture; the
    largest box of `ratio` centred in it is used, so an editor's rough box
    never distorts the picture.
    """
    if not override:
        return focal_crop_box(size, focal, ratio)
    width, height = size
    left, top, right, bottom = (round(v * d) for v, d in zip(override, (width, height, width, height), strict=True))
    inner = focal_crop_box((max(1, right - left), max(1, bottom - top)), (0.5, 0.5), ratio)
    return (left + inner[0], top + inner[1], left + inner[2], top + inner[3])


def crop_override(image, name):
    """The editor's box for one rendition (validated on the form), or None."""
    box = (getattr(image, "crops", None) or {}).get(name)
    return tuple(box) if box and len(box) == 4 else None


def _focal_point(image):
    x, y = getattr(image, "focal_x", None), getattr(image, "focal_y", None)
    return None if x is None or y is None else (x, y)


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
    each file's size, which a feed's <enclosure> must state. Also returns the
    content credentials that came with the upload ("source_credentials") and
    those the renditions carry ("credentials", read back from the widest JPEG;
    empty when signing is off).
    """
    widths = sorted(set(widths or settings.IMAGE_RENDITION_WIDTHS))
    stem = PurePosixPath(image.file.name).stem[:60]
    result = {"webp": {}, "jpeg": {}, "bytes": {"webp": {}, "jpeg": {}}}
    with image.file.open("rb") as fh:
        data = fh.read()
    with PILImage.open(io.BytesIO(data)) as original:
        mime = MIME_TYPES.get(original.format, "image/jpeg")
        source = read_credentials(data, mime=mime)
        result["source_credentials"] = source = source or {}
        # What the original's manifest says it is, carried on unless that manifest is broken.
        stated = source.get("digital_source_type", "") if source.get("state") != "Invalid" else ""
        signer = RenditionSigner(image, data, mime, source_type=stated)
        try:
            result["credentials"] = _write_renditions(image, original, widths, stem, signer, result)
        finally:
            signer.close()
    return result


def _flattened(original):
    original = ImageOps.exif_transpose(original)
    if original.mode.startswith("I"):
        # 16/32-bit greyscale: scale to 8 bits first, or every copy comes out white.
        original = original.convert("I").point(lambda v: v / 256).convert("L")
    if original.mode not in ("RGB", "L"):
        # Flatten transparency on white: JPEG has no alpha channel.
        background = PILImage.new("RGB", original.size, "white")
        rgba = original.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return original.convert("RGB")


def _write_renditions(image, original, widths, stem, signer, result):
    """Resize, encode, sign and store each rendition; the credentials of the widest JPEG."""
    original = _flattened(original)
    # The size as displayed (after EXIF rotation), before the focal crop: focal points are fractions of it.
    result["size"] = list(original.size)
    full = original
    box = crop_box(original.size, _focal_point(image), override=crop_override(image, "wide"))
    original = original.crop(box)
    cropped = ["c2pa.cropped"] if box != (0, 0, *result["size"]) else []
    usable = [w for w in widths if w < original.width] + [min(original.width, widths[-1])]
    widest_jpeg = (b"", None)
    for width in sorted(set(usable)):
        height = round(original.height * width / original.width)
        resized = original.resize((width, height), PILImage.Resampling.LANCZOS)
        done = [*cropped, "c2pa.resized" if width != original.width else "c2pa.transcoded", "c2pa.published"]
        for fmt, ext, options in (
            ("webp", "webp", {"quality": 80, "method": 4}),
            ("jpeg", "jpg", {"quality": 82, "optimize": True, "progressive": True}),
        ):
            buffer = io.BytesIO()
            resized.save(buffer, fmt.upper(), **options)
            name = f"renditions/{image.pk}/{stem}-{width}.{ext}"
            sidecar_name = f"{name}.c2pa"
            payload, sidecar = signer.sign(
                buffer.getvalue(), f"image/{fmt}", title=PurePosixPath(name).name, actions=done,
                sidecar_url=_absolute(_stored_url(sidecar_name)),
            )  # fmt: skip
            for stale in (name, sidecar_name):
                if default_storage.exists(stale):
                    default_storage.delete(stale)
            result[fmt][str(width)] = default_storage.save(name, ContentFile(payload))
            result["bytes"][fmt][str(width)] = len(payload)
            if sidecar is not None:
                default_storage.save(sidecar_name, ContentFile(sidecar))
                result.setdefault("manifests", {}).setdefault(fmt, {})[str(width)] = sidecar_name
            if fmt == "jpeg":
                widest_jpeg = (payload, sidecar)
    social = crop_override(image, "social")
    if social:
        _write_social(image, full, crop_box(full.size, None, CROPS["social"][1], social), stem, signer, result)
    if signer.error:
        return {"error": signer.error}
    return (read_credentials(*widest_jpeg, mime="image/jpeg") or {}) if signer.active else {}


def _write_social(image, original, box, stem, signer, result):
    """The social card's own JPEG, 1200×630 (smaller for a smaller crop), from the editor's box."""
    cropped = original.crop(box)
    width = min(SOCIAL_SIZE[0], cropped.width)
    height = round(width * SOCIAL_SIZE[1] / SOCIAL_SIZE[0])
    buffer = io.BytesIO()
    cropped.resize((width, height), PILImage.Resampling.LANCZOS).save(buffer, "JPEG", quality=82, optimize=True)
    name = f"renditions/{image.pk}/{stem}-social-{width}x{height}.jpg"
    payload, sidecar = signer.sign(
        buffer.getvalue(), "image/jpeg", title=PurePosixPath(name).name,
        actions=["c2pa.cropped", "c2pa.resized", "c2pa.published"], sidecar_url=_absolute(_stored_url(f"{name}.c2pa")),
    )  # fmt: skip
    if default_storage.exists(name):
        default_storage.delete(name)
    result["social"] = {"jpeg": default_storage.save(name, ContentFile(payload)), "width": width, "height": height,
                        "bytes": len(payload)}  # fmt: skip
    if sidecar is not None:
        default_storage.save(f"{name}.c2pa", ContentFile(sidecar))


def _stored_url(name):
    return default_storage.url(name)


def _absolute(url):
    """Sidecar addresses are read by verifiers elsewhere: local media URLs get the site's origin."""
    return url if "://" in url else settings.SITE_URL + url
