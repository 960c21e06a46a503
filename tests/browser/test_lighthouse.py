"""Lighthouse (npm `lighthouse` driving Debian's Chromium, mobile profile) on the reader's pages.

Accessibility, best practices and SEO must score 100 on home, a section, a
video story and search; the one point search gives up is deliberate (its
results carry noindex: a site's search pages are not for search engines).
Performance is simulated by Lighthouse from the page's own trace, so a busy
CI machine moves it: the check holds the best of up to three runs at 90 or
more, and layout shift under 0.05, and writes every score and Core Web
Vital to test-artifacts/lighthouse.json for the record.
"""

import json
import os
import subprocess

import pytest

from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.browser.support import ROOT

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
VITALS = ("largest-contentful-paint", "cumulative-layout-shift", "total-blocking-time", "first-contentful-paint")
#: Audits a page fails on purpose, with the reason.
DELIBERATE = {"search": {"is-crawlable": "search results carry noindex on purpose"}}
FIGURES = {}


@pytest.fixture(scope="module")
def lighthouse(browser_tools):
    if not LIGHTHOUSE.exists():
        message = f"{LIGHTHOUSE.relative_to(ROOT)} is missing (run `npm install`)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message + " (REQUIRE_BROWSER is set)", pytrace=False)
        pytest.skip(message)
    yield run_lighthouse
    if FIGURES:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "lighthouse.json").write_text(json.dumps(FIGURES, indent=2))


#: Lighthouse's own trace recorder fails now and then on a busy machine
#: ("Runtime error encountered: ... (NO_NAVSTART)", "NO_FCP"): that is the tool
#: giving up before it scored anything, so it is run again; a page that scores
#: badly still fails on the first report.
ATTEMPTS = 3
#: Lighthouse runs at most for the performance score on a busy machine (see the test).
PERFORMANCE_RUNS = 3


def run_lighthouse(url, name):
    """Lighthouse's report of `url` as a dict (mobile profile, the four scored categories)."""
    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS / f"lighthouse-{name}.json"
    flags = " ".join(arg for arg in CHROMIUM_ARGS if arg != "--headless") + " --headless=new"
    command = [
        str(LIGHTHOUSE), url, f"--chrome-path={CHROMIUM}", f"--chrome-flags={flags}",
        f"--only-categories={','.join(CATEGORIES)}", "--output=json", f"--output-path={out}",
        "--quiet", "--max-wait-for-load=30000",
    ]  # fmt: skip
    for attempt in range(1, ATTEMPTS + 1):
        done = subprocess.run(command, capture_output=True, text=True, timeout=240, cwd=ROOT)
        if done.returncode == 0:
            break
        runtime_error = "Runtime error encountered" in done.stderr
        if not runtime_error or attempt == ATTEMPTS:
            pytest.fail(f"lighthouse exited {done.returncode} on {url} (attempt {attempt}):\n{done.stderr[-2000:]}")
    report = json.loads(out.read_text())
    scores = {key: report["categories"][key]["score"] for key in CATEGORIES}
    vitals = {key: report["audits"][key]["numericValue"] for key in VITALS}
    FIGURES[name] = {"url": url, "scores": scores, "vitals": vitals, "attempts": attempt}
    return report


def failing(report, category):
    """{audit id: its title} of the scored audits of `category` that did not pass."""
    result = {}
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref.get("weight") and audit["score"] is not None and audit["score"] < 1:
            result[ref["id"]] = audit["title"]
    return result


@pytest.fixture
def pages(newsroom, live_server):
    from tests.factories import ArticleFactory, ArticleVideoFactory, CategoryFactory, ImageFactory

    videos = CategoryFactory(name="Videos", slug="videos", collects_videos=True, navigation_order=3)
    story = ArticleFactory(
        headline="The week in markets, explained",
        category=videos,
        summary="Our markets editor explains the week's moves in bonds, shares and currencies.",
        body="".join(f"<p>Paragraph {n} of the story behind the video, for readers who read.</p>" for n in range(6)),
        hero_image=ImageFactory(alt_text="A chart of the week's markets"),
    )
    ArticleVideoFactory(article=story, poster=ImageFactory(alt_text="Our markets editor in front of a chart"))
    return {
        "home": "/",
        "section": newsroom["section"].get_absolute_url(),
        "video": story.get_absolute_url(),
        "search": "/search/?q=oil",
    }


@pytest.mark.parametrize("name", ["home", "section", "video", "search"])
def test_lighthouse_scores_the_page_100_for_accessibility_best_practices_and_seo(name, lighthouse, pages, live_server):
    report = lighthouse(live_server.url + pages[name], name)
    expected = DELIBERATE.get(name, {})
    for category in ("accessibility", "best-practices", "seo"):
        missed = {key: title for key, title in failing(report, category).items() if key not in expected}
        assert not missed, f"{name}: {category} audits failed: {missed}"
    for key in expected:
        assert key in failing(report, "seo"), f"{name}: {key} passes now; drop it from DELIBERATE"
    # Layout shift is the page's own doing, whatever the machine's load.
    assert report["audits"]["cumulative-layout-shift"]["numericValue"] < 0.05
    # The timings are not: Lighthouse simulates them from the trace it
    # recorded, so a machine busy with other work (two suites at once here
    # scored a 0.79) slows them all. A page that is slow by its own weight
    # stays slow run after run; so the best of PERFORMANCE_RUNS must reach 0.9.
    best = report
    for _ in range(PERFORMANCE_RUNS - 1):
        if best["categories"]["performance"]["score"] >= 0.9:
            break
        again = lighthouse(live_server.url + pages[name], name)
        if again["categories"]["performance"]["score"] > best["categories"]["performance"]["score"]:
            best = again
    assert best["categories"]["performance"]["score"] >= 0.9, (name, failing(best, "performance"))
