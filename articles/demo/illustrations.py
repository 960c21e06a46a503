"""Demo pictures whose subject matches the story's topic: drawn here, no downloads, no stock photos.

A real portal's pensions story does not run under a picture labelled "Interest
rates". Each demo topic belongs to a family with its own motif (a bank's
columns, a house, oil barrels, containers, a chip...), drawn flat in the style
of a news graphic, with the topic's name on its strip. The alt text says what
the picture shows, as an editor would write it.
"""

import math
import random

from articles.demo.pictures import _font, _jpeg, gradient

#: family -> (what the picture shows, for its alt text; the topics drawn so).
FAMILIES = {
    "chart": ("a rising and falling market chart", {
        "Interest rates", "Inflation", "Bonds", "Equities", "Currencies", "Hedge funds", "Emerging markets",
        "Earnings",
    }),
    "bank": ("the columns of a bank's headquarters", {
        "Central banks", "Regulation", "Open banking", "Digital banking", "Wealth management", "Pensions",
        "Insurance",
    }),
    "house": ("a row of houses", {"Mortgages", "Real estate"}),
    "barrels": ("oil barrels stacked at a depot", {"Oil", "Commodities"}),
    "gold": ("gold bars stacked in a vault", {"Gold"}),
    "coins": ("coins beside a payment card", {"Payments", "Fintech", "Remittances", "Cryptocurrency"}),
    "containers": ("shipping containers at a port", {"Trade", "Supply chains"}),
    "chip": ("a computer chip on a circuit board", {"Artificial intelligence", "Cybersecurity"}),
    "turbines": ("wind turbines on a hillside", {"Sustainability", "ESG"}),
}  # fmt: skip
SKYLINE = "office towers of a financial district"  # deals, leadership, venture capital, IPOs...
WHITE, GOLD, SOFT = (255, 255, 255), (240, 196, 80), (255, 255, 255, 90)


def family_of(topic):
    """(family, what its picture shows) for a topic; the skyline for anything else."""
    for family, (shows, topics) in FAMILIES.items():
        if topic in topics:
            return family, shows
    return "skyline", SKYLINE


def topic_alt(topic):
    """The alt text of the topic's picture: what it shows, and for which coverage."""
    return f"Illustration of {family_of(topic)[1]}, for our {topic.lower()} coverage"


def topic_picture(seed, topic, size=(1600, 900)):
    """A JPEG (ContentFile) of the topic's motif with the topic's name on its strip."""
    rng = random.Random(f"{seed}-{topic}")
    picture, draw, _palette = gradient(seed, size)
    width, height = size
    ground = height - 130  # the label strip starts here
    MOTIFS[family_of(topic)[0]](draw, rng, width, ground)
    draw.rectangle([0, ground, width, height], fill=(0, 0, 0))
    draw.text((48, ground + 25), topic[:40], font=_font(64), fill=WHITE)
    return _jpeg(picture, f"topic-{seed:02d}.jpg")


def _chart(draw, rng, width, ground):
    for x in range(0, width, 80):
        draw.line([(x, 0), (x, ground)], fill=SOFT, width=1)
    points, value = [], ground * 0.55
    for x in range(0, width + 40, 40):
        value = min(ground * 0.9, max(ground * 0.12, value + rng.uniform(-60, 55)))
        points.append((x, value))
    draw.line(points, fill=GOLD, width=8, joint="curve")
    for _ in range(14):
        x, y, h = (
            rng.randrange(40, width - 40),
            rng.randrange(int(ground * 0.2), int(ground * 0.75)),
            rng.randrange(30, 140),
        )
        draw.rectangle([x, y, x + 18, y + h], fill=WHITE if rng.random() > 0.5 else (240, 120, 110))


def _bank(draw, rng, width, ground):
    left, right, top = width * 0.18, width * 0.82, ground * 0.3
    draw.polygon([(left - 40, top), (width / 2, ground * 0.08), (right + 40, top)], fill=WHITE)
    draw.rectangle([left - 40, top, right + 40, top + 30], fill=WHITE)
    columns = 8
    step = (right - left) / (columns - 1)
    for n in range(columns):
        x = left + n * step
        draw.rectangle([x - 22, top + 50, x + 22, ground - 50], fill=(235, 235, 240))
    for n in range(3):  # the steps
        draw.rectangle(
            [left - 60 - n * 30, ground - 50 + n * 17, right + 60 + n * 30, ground - 33 + n * 17], fill=WHITE
        )


def _house(draw, rng, width, ground):
    x = 60
    while x < width - 60:
        w = rng.randrange(220, 320)
        h = rng.randrange(int(ground * 0.3), int(ground * 0.5))
        colour = rng.choice([(236, 226, 208), (214, 196, 170), (244, 240, 232)])
        draw.rectangle([x, ground - h, x + w, ground], fill=colour)
        draw.polygon(
            [(x - 15, ground - h), (x + w / 2, ground - h - w * 0.45), (x + w + 15, ground - h)], fill=(120, 60, 50)
        )
        for wx in (x + w * 0.2, x + w * 0.6):
            draw.rectangle([wx, ground - h * 0.75, wx + w * 0.2, ground - h * 0.5], fill=(90, 130, 170))
        draw.rectangle([x + w * 0.42, ground - h * 0.35, x + w * 0.58, ground], fill=(70, 50, 40))
        x += w + 40


def _barrels(draw, rng, width, ground):
    w, h = 150, 210
    for row in range(3):
        count = 8 - row
        start = (width - count * (w + 12)) / 2
        for n in range(count):
            x, y = start + n * (w + 12), ground - (row + 1) * (h + 6)
            colour = rng.choice([(36, 70, 120), (170, 40, 40), (30, 110, 80)])
            draw.rounded_rectangle([x, y, x + w, y + h], radius=18, fill=colour)
            for band in (0.25, 0.75):
                draw.rectangle([x, y + h * band - 5, x + w, y + h * band + 5], fill=(20, 20, 20))


def _gold(draw, rng, width, ground):
    w, h = 260, 90
    for row in range(4):
        count = 5 - row
        start = (width - count * w) / 2
        for n in range(count):
            x, y = start + n * w, ground - (row + 1) * h
            draw.polygon([(x + 10, y + h), (x + 40, y + 8), (x + w - 40, y + 8), (x + w - 10, y + h)], fill=GOLD)
            draw.polygon(
                [(x + 40, y + 8), (x + w - 40, y + 8), (x + w - 60, y + 30), (x + 60, y + 30)], fill=(255, 226, 130)
            )


def _coins(draw, rng, width, ground):
    draw.rounded_rectangle([width * 0.52, ground * 0.25, width * 0.88, ground * 0.8], radius=30, fill=(30, 60, 110))
    draw.rectangle([width * 0.52, ground * 0.35, width * 0.88, ground * 0.43], fill=(15, 15, 20))
    draw.rounded_rectangle([width * 0.57, ground * 0.52, width * 0.64, ground * 0.62], radius=8, fill=GOLD)
    for stack in range(4):
        x = width * 0.1 + stack * 170
        for n in range(rng.randrange(5, 12)):
            y = ground - 40 - n * 34
            draw.ellipse([x, y, x + 150, y + 50], fill=(200, 160, 60), outline=(120, 90, 20), width=4)


def _containers(draw, rng, width, ground):
    colours = [(180, 50, 40), (40, 90, 150), (220, 150, 40), (60, 130, 90), (120, 120, 130)]
    w, h = 300, 120
    for row in range(4):
        for n in range(5):
            x, y = 40 + n * (w + 10), ground - (row + 1) * (h + 6)
            if row == 3 and rng.random() < 0.4:
                continue
            draw.rectangle([x, y, x + w, y + h], fill=rng.choice(colours))
            for rib in range(12):
                draw.line([(x + 12 + rib * 24, y + 8), (x + 12 + rib * 24, y + h - 8)], fill=(0, 0, 0, 60), width=3)


def _chip(draw, rng, width, ground):
    cx, cy, r = width / 2, ground / 2, ground * 0.28
    for n in range(14):  # the traces
        y = cy - r + n * (2 * r / 13)
        draw.line([(60, y), (cx - r, y)], fill=GOLD, width=5)
        draw.line([(cx + r, y), (width - 60, y)], fill=GOLD, width=5)
        draw.ellipse([50, y - 9, 68, y + 9], fill=GOLD)
        draw.ellipse([width - 68, y - 9, width - 50, y + 9], fill=GOLD)
    draw.rounded_rectangle([cx - r, cy - r, cx + r, cy + r], radius=24, fill=(25, 25, 30))
    draw.rounded_rectangle([cx - r * 0.6, cy - r * 0.6, cx + r * 0.6, cy + r * 0.6], radius=12, outline=GOLD, width=6)


def _turbines(draw, rng, width, ground):
    draw.ellipse([-width * 0.2, ground * 0.7, width * 1.2, ground * 1.6], fill=(60, 120, 70))
    for n, x in enumerate((width * 0.2, width * 0.5, width * 0.8)):
        top = ground * (0.18 + 0.08 * (n % 2))
        draw.polygon([(x - 10, top), (x + 10, top), (x + 18, ground * 0.8), (x - 18, ground * 0.8)], fill=WHITE)
        angle = rng.uniform(0, 120)
        for blade in range(3):
            a = math.radians(angle + blade * 120)
            tip = (x + math.cos(a) * 210, top + math.sin(a) * 210)
            side = (x + math.cos(a + 0.12) * 60, top + math.sin(a + 0.12) * 60)
            draw.polygon([(x, top), side, tip], fill=WHITE)
        draw.ellipse([x - 16, top - 16, x + 16, top + 16], fill=(220, 220, 225))


def _skyline(draw, rng, width, ground):
    x = 20
    while x < width - 20:
        w, h = rng.randrange(110, 210), rng.randrange(int(ground * 0.35), int(ground * 0.9))
        draw.rectangle([x, ground - h, x + w, ground], fill=rng.choice([(28, 38, 58), (44, 58, 84), (64, 78, 104)]))
        for wy in range(int(ground - h + 20), int(ground - 20), 36):
            for wx in range(x + 14, x + w - 20, 30):
                if rng.random() > 0.35:
                    draw.rectangle([wx, wy, wx + 14, wy + 18], fill=(250, 220, 140))
        x += w + rng.randrange(8, 30)


MOTIFS = {
    "chart": _chart, "bank": _bank, "house": _house, "barrels": _barrels, "gold": _gold, "coins": _coins,
    "containers": _containers, "chip": _chip, "turbines": _turbines, "skyline": _skyline,
}  # fmt: skip
