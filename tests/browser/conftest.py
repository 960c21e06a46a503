"""Real-browser fixtures: Playwright's sync API driving Debian's Chromium
against pytest-django's live server.

Every test in this folder is marked `browser`. When Chromium, Java or the
npm tools (axe-core, vnu-jar) are missing the tests skip with the reason, or
fail when REQUIRE_BROWSER is set (CI sets it, so a broken runner is loud).
"""

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.browser.support import AXE_JS, BODY_PARAGRAPHS, ROOT, VNU_JAR
from tests.servers import LiveServerGate

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Mark every test in tests/browser/ as `browser` (so `-m "not browser"` skips them)."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


def missing_tools():
    """What the browser tests need and this machine lacks, as readable sentences."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"Chromium is not at {CHROMIUM} (apt-get install chromium)")
    if not shutil.which("java"):
        missing.append("java is not on PATH (needed for vnu.jar; apt-get install default-jre-headless)")
    for path in (AXE_JS, VNU_JAR):
        if not path.exists():
            missing.append(f"{path.relative_to(ROOT)} is missing (run `npm install`)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package is not installed (pip install -r requirements-dev.txt)")
    return missing


@pytest.fixture(scope="session")
def browser_tools():
    """Skip (or, with REQUIRE_BROWSER set, fail) when a tool is missing."""
    missing = missing_tools()
    if missing:
        message = "browser tests cannot run: " + "; ".join(missing)
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message + " (REQUIRE_BROWSER is set)", pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="module")
def browser(browser_tools):
    """Chromium for one test module.

    While Playwright's sync API runs, its event loop makes Django refuse ORM
    calls from the test thread (the live server has its own thread), hence
    DJANGO_ALLOW_ASYNC_UNSAFE. It is set only while the browser runs, so it
    never leaks into other tests or the subprocesses they start.
    """
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class ConsoleWatcher:
    """Collects console errors, uncaught exceptions and CSP violations of a page."""

    def __init__(self):
        self.errors = []
        self.checked = 0  # errors already reported by assert_clean()

    def watch(self, page):
        page.on("console", lambda msg: self._console(page, msg))
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: uncaught {error}"))
        return page

    def _console(self, page, message):
        source = (message.location or {}).get("url", "")
        if source == page.url and message.text.startswith("Failed to load resource"):
            return  # the document's own status (a 404 page); tests check it on the response
        if message.type == "error" or re.search(r"Content[- ]Security[- ]Policy", message.text, re.I):
            self.errors.append(f"{page.url}: console.{message.type}: {message.text} ({source})")

    def assert_clean(self):
        new, self.checked = self.errors[self.checked :], len(self.errors)
        assert not new, "the browser reported errors:\n" + "\n".join(new)


# Names the violated directive and the offending line of every CSP violation
# (Chromium's own console message does not say where); Playwright's init
# scripts are exempt from the page's CSP, so this runs even under it.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} `
    + `at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def live_server_gate(live_server):
    """The live server's gate, shut (after what is in flight) at the end of this test, before the flush.

    It opens again for the next test that uses the live server (tests/conftest.py).
    """
    gate = LiveServerGate.around(live_server)
    gate.open = True
    yield gate
    gate.close()


@pytest.fixture
def open_context(browser, live_server, transactional_db, live_server_gate):
    """Factory for browser contexts on the live server; closes them afterwards.

    Every page opened in them (popups too) is watched by `console`; errors
    not yet reported by `console.assert_clean()` fail the test at teardown.
    """
    contexts = []
    watcher = ConsoleWatcher()

    def factory(**options):
        options.setdefault("base_url", live_server.url)
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        context.add_init_script(CSP_REPORTER)
        context.on("page", watcher.watch)
        contexts.append(context)
        return context

    factory.console = watcher
    yield factory
    for context in contexts:
        context.close()
    # A safety net for tests that do not check explicitly (or stopped early).
    watcher.assert_clean()


@pytest.fixture
def console(open_context):
    """The error collector shared by every page of the test's contexts."""
    return open_context.console


@pytest.fixture
def page(open_context):
    """A page in a context with JavaScript on and the site's CSP enforced."""
    return open_context().new_page()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot as test-artifacts/<name>.png."""

    def save(page, name):
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture
def newsroom(transactional_db):
    """A Business section with one complete story in the middle of three others.

    Returns a dict: `article` (with hero image, author, Reuters source, tags,
    two takeaways, two FAQ entries and a later "last updated"), `older` (two
    stories before it) and `newer` (one after it).
    """
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import (
        ArticleFactory,
        AuthorFactory,
        CategoryFactory,
        FAQFactory,
        ImageFactory,
        KeyTakeawayFactory,
    )

    now = timezone.now().replace(microsecond=0)
    business = CategoryFactory(name="Business", slug="business", navigation_order=1)
    CategoryFactory(name="Finance", slug="finance", navigation_order=2)
    author = AuthorFactory(name="Andrew Osborn", slug="andrew-osborn")
    # ~600 words, so the reading time is more than the 1-minute floor.
    filler = " ".join(["Markets weighed the outlook for supply, demand and prices."] * 60)
    body = "".join(f"<p>{text}</p>" for text in BODY_PARAGRAPHS)
    body += f"<h2>What comes next</h2><p>{filler} <strong>Producers meet again in March.</strong></p>"
    article = ArticleFactory(
        headline="Oil prices climb as supply talks stall",
        slug="oil-prices-climb",
        category=business,
        source="Reuters",
        summary="Oil rose after producers failed to agree output quotas; analysts expect tight supply.",
        body=body,
        hero_image=ImageFactory(alt_text="Oil tankers moored at a terminal at dusk"),
        authors=[author],
        tags=["Oil", "Commodities"],
        publish_at=now - timedelta(hours=2),
        updated_at=now - timedelta(minutes=20),
    )
    for position, text in enumerate(["Brent rose for a third day.", "Producers meet again in March."]):
        KeyTakeawayFactory(article=article, text=text, position=position)
    FAQFactory(article=article, position=0, question="Why did oil rise?", answer="Talks on output stalled.")
    FAQFactory(article=article, position=1, question="What happens next?", answer="Producers meet in March.")
    older = [
        ArticleFactory(headline=f"Older business story {n}", category=business, publish_at=now - timedelta(hours=3 + n))
        for n in (1, 2)
    ]
    newer = [ArticleFactory(headline="Newer business story", category=business, publish_at=now - timedelta(hours=1))]
    return {"section": business, "article": article, "author": author, "older": older, "newer": newer}
