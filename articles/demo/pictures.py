"""Generated pictures for the demo content: no downloads, no stock photos."""

import io
import random

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from articles.demo.corpus import PALETTES


def _font(size):
    for name in ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def gradient(seed, size):
    """(picture, draw, palette) of a top-to-bottom gradient in one of the demo palettes."""
    top, bottom = PALETTES[seed % len(PALETTES)]
    width, height = size
    picture = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    return picture, draw, (top, bottom)


def chart_picture(seed, label, size=(1600, 900), label_at="bottom"):
    """A JPEG of a market-chart-like picture with a label strip at the bottom (or the top), as a ContentFile.

    Video posters take theirs at the top: the player puts its controls and running time over the bottom.
    """
    rng = random.Random(seed)
    width, height = size
    picture, draw, (top, bottom) = gradient(seed, size)
    for x in range(0, width, 80):  # grid
        draw.line([(x, 0), (x, height)], fill=(255, 255, 255, 30), width=1)
    points, value = [], height * 0.6
    for x in range(0, width + 40, 40):
        value = min(height * 0.85, max(height * 0.15, value + rng.uniform(-60, 55)))
        points.append((x, value))
    draw.line(points, fill=(255, 214, 90), width=8, joint="curve")
    for _ in range(14):  # candles
        x = rng.randrange(40, width - 40)
        y = rng.randrange(int(height * 0.2), int(height * 0.8))
        h = rng.randrange(30, 140)
        draw.rectangle([x, y, x + 18, y + h], fill=(255, 255, 255) if rng.random() > 0.5 else (240, 120, 110))
    font = _font(64)
    strip = 0 if label_at == "top" else height - 130
    draw.rectangle([0, strip, width, strip + 130], fill=(0, 0, 0))
    draw.text((48, strip + 25), label[:40], font=font, fill=(255, 255, 255))
    return _jpeg(picture, f"demo-{seed:03d}.jpg")


def portrait_picture(seed, initials, size=640):
    """A JPEG avatar with the author's initials."""
    top, bottom = PALETTES[seed % len(PALETTES)]
    picture = PILImage.new("RGB", (size, size), top)
    draw = ImageDraw.Draw(picture)
    draw.ellipse([size * 0.1, size * 0.1, size * 0.9, size * 0.9], fill=bottom)
    font = _font(size // 3)
    box = draw.textbbox((0, 0), initials, font=font)
    draw.text(
        ((size - (box[2] - box[0])) / 2, (size - (box[3] - box[1])) / 2 - box[1]), initials, font=font, fill="white"
    )
    return _jpeg(picture, f"author-{seed:02d}.jpg")


def _jpeg(picture, name):
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name=name)
