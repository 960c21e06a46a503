"""Visual regression: home, an article and a section at 1280 and 390 px, against reference screenshots.

The pages are built from fixed content (headlines, dates, generated pictures), and the fonts ship with the
site, so a screenshot is the same run to run. Each is compared with its reference PNG in
tests/browser/references/: the test fails when more than `TOLERANCE` of the pixels differ by more than
`THRESHOLD` (of 255, on any channel), writing the screenshot and a diff image to test-artifacts/.

A deliberate design change updates the references in the same commit as the change:

    UPDATE_VISUAL_REFERENCES=1 .venv/bin/python -m pytest tests/browser/test_visual_regression.py -p no:cacheprovider

then look at the new PNGs before committing them.
"""

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from tests.browser.conftest import ARTIFACTS

REFERENCES = Path(__file__).resolve().parent / "references"
UPDATE = os.environ.get("UPDATE_VISUAL_REFERENCES") == "1"
THRESHOLD = 48  # a channel difference below this is anti-aliasing or JPEG decoding, not layout
TOLERANCE = 0.01  # share of pixels allowed over the threshold
#: width -> viewport height: the top of each page (header, lead, rail), not the whole long page.
VIEWPORTS = {1280: 1100, 390: 1300}
#: Fixed times, so dates on the page never change; in the past, so everything is published.
MORNING = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

HEADLINES = [
    ("Business", "Oil prices climb as supply talks stall", "Interest rates"),
    ("Business", "Northbridge Bank to cut costs after a slower quarter", "Banking"),
    ("Business", "Vantage Clearing agrees deal to expand its payments arm", None),  # a story without a picture
    ("Finance", "Bond markets price in two rate cuts this year", "Bonds"),
    ("Finance", "Why pension funds are buying infrastructure", "Pensions"),
    ("Business", "Five things to watch in payments this quarter", "Payments"),
    ("Finance", "Regulators tighten the rules on hedge funds", None),
    ("Business", "Retailers brace for a quieter spring", "Retail"),
]


@pytest.fixture
def fixed_newsroom(transactional_db, settings):
    """Two sections and eight stories with fixed headlines, dates and pictures, and a magazine issue."""
    from articles.demo.pictures import chart_picture
    from articles.publications.demo import cover_picture
    from tests.articles.publications.factories import MagazineIssueFactory
    from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, ImageFactory, KeyTakeawayFactory

    sections = {
        "Business": CategoryFactory(name="Business", slug="business", navigation_order=1,
                                    description="Companies, deals and the economy that moves them."),
        "Finance": CategoryFactory(name="Finance", slug="finance", navigation_order=2,
                                   description="Markets, rates and the money in your pocket."),
    }  # fmt: skip
    author = AuthorFactory(name="Andrew Osborn", slug="andrew-osborn")
    body = "".join(
        f"<p>{text}</p>"
        for text in [
            "Brent crude rose for a third day on Monday after talks between the largest producers ended "
            "without an agreement on output, leaving traders to price a tighter market.",
            "Analysts said the failure to agree quotas would keep inventories low through the winter.",
        ]
    )
    body += "<h2>What comes next</h2><p>Producers meet again in March, when a deal is expected.</p>"
    stories = []
    for number, (section, headline, label) in enumerate(HEADLINES):
        moment = MORNING - timedelta(hours=3 * number)
        picture = ImageFactory(file=chart_picture(number, label), alt_text=f"A chart: {label}") if label else None
        stories.append(
            ArticleFactory(
                headline=headline,
                category=sections[section],
                summary="Prices rose after producers failed to agree output quotas; analysts expect tight supply.",
                body=body,
                hero_image=picture,
                authors=[author],
                source="Reuters",
                tags=["Oil"] if number == 0 else [],
                is_top_story=number < 3,
                publish_at=moment,
                updated_at=moment,
            )
        )
    KeyTakeawayFactory(article=stories[0], text="Brent rose for a third day.", position=0)
    cover = ImageFactory(file=cover_picture(7, "Issue 79", "Finance Meets AI", "March 2026"), alt_text="Issue 79")
    MagazineIssueFactory(number=79, title="Finance Meets AI", slug="issue-79", issue_date=date(2026, 3, 1),
                         cover=cover, publish_at=MORNING)  # fmt: skip
    return {"article": stories[0], "section": sections["Business"]}


PAGES = {
    "home": lambda room: "/",
    "article": lambda room: room["article"].get_absolute_url(),
    "section": lambda room: room["section"].get_absolute_url(),
}


def screenshot_of(open_context, url, width, scheme="light"):
    context = open_context(viewport={"width": width, "height": VIEWPORTS[width]}, color_scheme=scheme)
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    # Every picture on screen decoded and every font face loaded, so nothing swaps in mid-shot.
    page.evaluate(
        "async () => { await document.fonts.ready;"
        " await Promise.all([...document.images].filter(i => i.loading !== 'lazy' || i.complete)"
        ".map(i => i.decode().catch(() => null))); }"
    )
    # The footer's copyright year changes every January: painted over, like anything else that moves by date.
    return page.screenshot(animations="disabled", caret="hide", mask=[page.locator(".copyright")])


def differing_share(actual, expected):
    """(share of pixels differing by more than THRESHOLD, diff image)."""
    diff = ImageChops.difference(actual.convert("RGB"), expected.convert("RGB"))
    worst = diff.convert("RGB").split()
    mask = ImageChops.lighter(ImageChops.lighter(worst[0], worst[1]), worst[2]).point(
        lambda v: 255 if v > THRESHOLD else 0
    )
    changed = mask.histogram()[255]
    return changed / (actual.width * actual.height), mask


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGES))
def test_page_looks_like_its_reference(name, width, open_context, console, fixed_newsroom, tmp_path):
    shot = tmp_path / "actual.png"
    shot.write_bytes(screenshot_of(open_context, PAGES[name](fixed_newsroom), width))
    console.assert_clean()
    reference = REFERENCES / f"{name}-{width}.png"
    actual = Image.open(shot)
    if UPDATE:
        REFERENCES.mkdir(exist_ok=True)
        # Palette PNGs keep the references small; the comparison threshold absorbs the quantising.
        actual.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE).save(reference, optimize=True)
        return
    assert reference.exists(), f"no reference {reference.name}: run with UPDATE_VISUAL_REFERENCES=1 (see the docstring)"
    expected = Image.open(reference)
    ARTIFACTS.mkdir(exist_ok=True)
    if actual.size != expected.size:
        actual.save(ARTIFACTS / f"visual-{name}-{width}-actual.png")
        pytest.fail(f"{name} at {width}px: screenshot is {actual.size}, reference {expected.size}")
    share, mask = differing_share(actual, expected)
    if share > TOLERANCE:
        actual.save(ARTIFACTS / f"visual-{name}-{width}-actual.png")
        mask.save(ARTIFACTS / f"visual-{name}-{width}-diff.png")
        pytest.fail(
            f"{name} at {width}px differs from its reference on {share:.2%} of the pixels (allowed {TOLERANCE:.0%}); "
            f"see test-artifacts/visual-{name}-{width}-diff.png. If the change is intended, update the references "
            "(UPDATE_VISUAL_REFERENCES=1) in the same commit."
        )


def test_the_comparison_fails_on_a_layout_break():
    """The comparison itself: a block moved by 40 px is caught, a faint colour shift is not."""
    base = Image.new("RGB", (200, 100), "white")
    base.paste((20, 40, 80), (10, 10, 110, 60))
    moved = Image.new("RGB", (200, 100), "white")
    moved.paste((20, 40, 80), (50, 10, 150, 60))
    faint = base.point(lambda v: min(255, v + 10))
    assert differing_share(moved, base)[0] > TOLERANCE
    assert differing_share(faint, base)[0] == 0
