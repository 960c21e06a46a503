"""An editor writes a complete story at the desk, sees the pre-publish panel and schedules it;
a reader then sees it at its time. The journey counts its clicks (target: at most 12 beyond typing) for the
whole story: headline, section, summary, a body with two subheads, a picture and a video embed, the hero
picture with its focal point, tags, byline (Reuters), 5 takeaways, 5 FAQ, the pre-publish panel, scheduling."""

import io
import re
import time
from datetime import timedelta

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from articles.models import Article
from tests.browser.checks import axe_report, serious_axe_violations
from tests.browser.conftest import ARTIFACTS
from tests.browser.support import expect
from tests.factories import AuthorFactory, CategoryFactory, DisclosureFactory, ImageFactory

PASSWORD = "pw-for-tests-only"
HEADLINE = "Banks rally as rate cut hopes grow"
ALT_TEXT = "Traders watching screens on a bank's dealing floor"
TAKEAWAYS = [
    "Bank shares led the rally.",
    "Traders now expect a cut in March.",
    "Bond yields fell to a one-year low.",
    "Smaller lenders gained the most.",
    "The central bank meets in two weeks.",
]
FAQ = [
    ("Why did bank shares rise?", "Investors expect an early rate cut."),
    ("Which banks gained most?", "Smaller regional lenders."),
    ("What happened to bonds?", "Yields fell to their lowest in a year."),
    ("When does the bank meet?", "In two weeks."),
    ("Could the rally fade?", "Yes, if inflation surprises."),
]


class Clicks:
    """Counts the clicks a person makes (not the clicks that only put the cursor in a field to type)."""

    def __init__(self):
        self.count = 0
        self.log = []

    def __call__(self, locator, why, **options):
        self.count += 1
        self.log.append(why)
        locator.click(**options)


class EveryClick:
    """Counts every Playwright click (Locator.click, Page.click), so none escapes `Clicks` unseen."""

    def __init__(self, monkeypatch):
        from playwright.sync_api import Locator, Page

        self.count = 0
        for cls in (Locator, Page):
            original = cls.click

            def counted(*args, _original=original, **kwargs):
                self.count += 1
                return _original(*args, **kwargs)

            monkeypatch.setattr(cls, "click", counted)


def editor_ready(page):
    """Wait for the body editor's toolbar and its icon font (before axe looks at the form).

    The editor starts once its Picture/Embed module has loaded, and the toolbar's icon font after that;
    axe tells icon ligatures from text only once the font is there, as a person sees them.
    """
    expect(page.locator(".prose-menubar")).to_be_visible()
    page.evaluate("async () => { await document.fonts.load('24px \"Material Icons\"'); }")


def view(page, name):
    """Save what the 1280-px viewport shows as test-artifacts/<name>.png (a long form says less in full)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def photo_bytes():
    """A 1600×900 JPEG: a yellow subject in the upper left quarter, like a camera export."""
    picture = PILImage.new("RGB", (1600, 900), (24, 64, 120))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((200, 100, 600, 400), fill=(240, 200, 40))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def choose_in_autocomplete(page, field, search, option, click=None):
    """Pick `option` in an admin autocomplete (select2): open, type, click (counted by `click` if given)."""
    click = click or (lambda locator, why: locator.click())
    click(page.locator(f"#id_{field} + .select2 .select2-selection"), f"open {field}")
    page.locator(".select2-container--open .select2-search__field").press_sequentially(search, delay=20)
    click(page.locator(".select2-container--open .select2-results__option", has_text=option), f"pick {option}")
    expect(page.locator(f"#id_{field} option:checked")).to_contain_text(option)


def log_in(page, username):
    page.goto(reverse("admin:login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("admin:index")) + "$"))


VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def paste(page, locator, text):
    """What Ctrl+V does with `text` on the clipboard (headless Chromium has no shared clipboard to fill)."""
    locator.evaluate(
        """(el, text) => {
             const data = new DataTransfer();
             data.setData("text/plain", text);
             el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
           }""",
        text,
    )


def write_body(page, click):
    """Three paragraphs and two subheads typed into the ProseMirror editor ("## " makes a subhead), a video
    pasted on an empty line (it becomes an embed), and a picture from the library (Picture, search, Enter)."""
    editor = page.locator(".prose-editor div.ProseMirror[contenteditable=true]")
    expect(editor).to_be_visible()
    editor.focus()  # focusing the field is part of typing
    page.keyboard.type("Bank shares rose on Tuesday as investors bet on an early rate cut.")
    page.keyboard.press("Enter")
    page.keyboard.type("## Lenders lead the market")
    page.keyboard.press("Enter")
    page.keyboard.type("Lenders led the market higher, with regional banks up the most.")
    page.keyboard.press("Enter")
    paste(page, editor, VIDEO)  # an address alone on an empty line: the server recognises it, the editor embeds it
    expect(editor.locator(".body-media__node--embed")).to_contain_text("Embed (youtube)")
    page.keyboard.press("Enter")  # a new paragraph after the embed
    page.keyboard.type("## What comes next")
    page.keyboard.press("Enter")
    page.keyboard.type("Bond yields fell to their lowest level in a year.")
    click(page.get_by_role("button", name="Insert a picture from the library"), "picture in the body")
    search = page.locator("#body-picture-q")
    search.press_sequentially("dealing", delay=20)
    expect(page.locator(".body-media .image-chooser__pick")).to_have_count(1)
    search.press("Enter")  # the first match goes in
    expect(editor.locator(".body-media__node--figure img")).to_be_visible()
    expect(editor.locator("> p")).to_have_count(3)
    expect(editor.locator("> h2")).to_have_count(2)


def type_faq(page):
    """Five question/answer pairs with the keyboard only: rows add themselves; Enter and Ctrl+Enter move on."""
    page.locator("#id_faqs-0-question").focus()
    for n, (question, answer) in enumerate(FAQ):
        page.keyboard.type(question)
        page.keyboard.press("Enter")  # to the answer
        page.keyboard.type(answer)
        if n < len(FAQ) - 1:
            page.keyboard.press("Control+Enter")  # to the next question (the row appeared while typing)
    # Move the last question up one place from the keyboard (Alt+Arrow up), as a person reordering would.
    page.locator("#id_faqs-4-question").focus()
    page.keyboard.press("Alt+ArrowUp")


def test_editor_writes_checks_and_schedules_a_story(open_context, console, screenshot, django_user_model, monkeypatch):
    agency = DisclosureFactory(name="Agency copy", slug="agency-copy", label="Agency copy", is_commercial=False)
    CategoryFactory(name="Finance", slug="finance", navigation_order=1)
    business = CategoryFactory(name="Business", slug="business", navigation_order=2, default_disclosure=agency)
    AuthorFactory(name="Andrew Osborn", slug="andrew-osborn")
    ImageFactory(alt_text="An empty office at night")
    library_photo = ImageFactory(file=ContentFile(photo_bytes(), name="dealing-floor.jpg"), alt_text=ALT_TEXT)
    django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    click = Clicks()

    page = open_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, "editor")
    screenshot(page, "desk-dashboard")
    every = EveryClick(monkeypatch)  # from here on, every click the script makes
    started = time.monotonic()
    click(page.get_by_role("link", name="Write a story"), "write a story")
    expect(page.locator("h1")).to_have_text("Add article")

    page.get_by_label("Headline").press_sequentially(HEADLINE, delay=5)
    expect(page.get_by_label("Slug")).to_have_value("banks-rally-as-rate-cut-hopes-grow")
    choose_in_autocomplete(page, "category", "Busi", "Business", click)
    choose_in_autocomplete(page, "authors", "Osb", "Andrew Osborn", click)
    page.get_by_label("Agency / source").fill("Reuters")
    page.get_by_label("Quick summary").fill("Bank shares led a broad rally as traders priced in an early rate cut.")
    write_body(page, click)
    page.locator(".prose-editor").scroll_into_view_if_needed()
    view(page, "desk-body-media")

    # The picture, chosen inside the form: open the library, search, click the thumbnail.
    click(page.get_by_role("button", name="Choose or upload a picture"), "open the picture library")
    page.get_by_label("Search pictures").press_sequentially("dealing", delay=20)
    expect(page.locator(".image-chooser__pick")).to_have_count(1)
    page.locator(".image-chooser__panel").scroll_into_view_if_needed()
    screenshot(page, "desk-chooser")
    click(page.locator(".image-chooser__pick", has_text=ALT_TEXT), "choose the picture")
    picker = page.locator(".image-chooser__preview [data-focal-picker] img")
    expect(picker).to_be_visible()  # the preview shows at once, before any save
    expect(page.locator("#id_hero_image option:checked")).to_have_text(ALT_TEXT)
    box = picker.bounding_box()
    click(picker, "set the focal point", position={"x": box["width"] * 0.25, "y": box["height"] * 0.28})
    expect(page.locator(".image-chooser__preview .focal-picker__status")).to_contain_text("Focal point saved")
    picker.scroll_into_view_if_needed()
    screenshot(page, "desk-focal-point")

    page.get_by_label("Tags").fill("Banking, Interest rates")
    page.get_by_label("Key takeaways, one per line").fill("\n".join(TAKEAWAYS))
    type_faq(page)
    when = timezone.localtime(timezone.now() + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    page.locator("#id_publish_at_0").fill(when.strftime("%Y-%m-%d"))
    page.locator("#id_publish_at_1").fill(when.strftime("%H:%M"))
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    view(page, "desk-form-bottom")
    page.evaluate("window.scrollTo(0, 0)")
    view(page, "desk-form-top")
    console.assert_clean()

    click(page.get_by_role("button", name="Save draft").first, "save the draft")
    expect(page.locator(".messagelist .success")).to_contain_text("Saved — Preview on site")
    panel = page.get_by_test_id("prepublish")
    expect(panel).to_contain_text("Before publishing")
    expect(panel).to_contain_text("This story will carry: Agency copy (from the section Business)")
    panel.scroll_into_view_if_needed()
    view(page, "desk-prepublish-panel")

    click(page.get_by_role("button", name="Schedule", exact=True).first, "schedule")
    ask = page.get_by_role("alertdialog", name="Publish with warnings?")
    expect(ask).to_be_visible()  # the warning (the section's label) is confirmed once, inline
    view(page, "desk-prepublish-confirm")
    click(ask.get_by_role("button", name="Publish with these warnings"), "confirm the warnings")
    expect(page.locator(".messagelist .success")).to_contain_text("Scheduled for")
    expect(page.get_by_test_id("workflow-state")).to_contain_text("Scheduled for")
    expect(page.get_by_test_id("prepublish")).to_contain_text("On the published story")
    elapsed = time.monotonic() - started
    view(page, "desk-scheduled")
    console.assert_clean()

    print(f"\nEDITOR JOURNEY: {click.count} clicks beyond typing ({', '.join(click.log)}); {elapsed:.1f} s wall time")
    assert click.count <= 12, click.log
    assert every.count == click.count, "a click went around the counter"

    article = Article.objects.get(slug="banks-rally-as-rate-cut-hopes-grow")
    assert article.is_scheduled and article.publish_at == when
    assert [t.text for t in article.takeaways.all()] == TAKEAWAYS
    assert f'<div data-embed="youtube" data-url="{VIDEO}"></div>' in article.body
    assert f'<figure data-image="{library_photo.pk}"></figure>' in article.body
    library_photo.refresh_from_db()
    assert 0.2 <= library_photo.focal_x <= 0.3 and 0.2 <= library_photo.focal_y <= 0.35

    # A reader sees nothing before the time, and the story from its time on
    # (the test moves the time rather than wait for the clock).
    reader = open_context().new_page()
    url = article.get_absolute_url()
    assert reader.goto(url).status == 404
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert reader.goto(url).status == 200
    assert business.slug in reader.url
    expect(reader.locator("h1")).to_have_text(HEADLINE)
    expect(reader.locator(".story__byline")).to_have_text("By Andrew Osborn (Reuters)")
    expect(reader.locator(".story__body > p")).to_have_count(3)
    expect(reader.locator(".story__body > h2")).to_have_text(["Lenders lead the market", "What comes next"])
    expect(reader.locator(".story__body figure.body-figure img")).to_have_attribute("alt", ALT_TEXT)
    expect(
        reader.locator(".story__body .body-embed--video a.video__play, .story__body .body-embed--video button")
    ).to_have_count(1)
    expect(reader.locator("section.story__takeaways li")).to_have_text(TAKEAWAYS)
    order = [FAQ[0], FAQ[1], FAQ[2], FAQ[4], FAQ[3]]  # the last one was moved up
    expect(reader.locator("section#faq h3")).to_have_text([q for q, _ in order])
    expect(reader.locator("section#faq li > p")).to_have_text([a for _, a in order])
    expect(reader.get_by_text("Agency copy").first).to_be_visible()
    hero = reader.locator("figure.story__hero img")
    expect(hero).to_have_attribute("alt", ALT_TEXT)
    reader.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=hero.element_handle())
    ratio = hero.evaluate("(img) => img.naturalWidth / img.naturalHeight")
    assert abs(ratio - 16 / 9) < 0.02  # the focal crop
    screenshot(reader, "desk-reader-story")
    console.assert_clean()


def test_the_desk_pages_pass_axe(open_context, screenshot, django_user_model):
    section = CategoryFactory(name="Business", slug="business")
    image = ImageFactory(alt_text=ALT_TEXT)
    article = Article.objects.create(
        headline=HEADLINE, slug="banks-rally", category=section, summary="Banks rallied.",
        body="<p>Bank shares rose.</p>", hero_image=image,
    )  # fmt: skip
    django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    page = open_context(bypass_csp=True, viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, "editor")
    problems = {}
    problems["dashboard"] = serious_axe_violations(page)
    page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    editor_ready(page)
    problems["change form"] = serious_axe_violations(page)
    page.get_by_role("button", name="Choose or upload a picture").click()
    expect(page.locator(".image-chooser__pick")).to_have_count(1)
    problems["chooser"] = serious_axe_violations(page)
    page.goto(reverse("admin:articles_image_change", args=[image.pk]))
    problems["image with focal point"] = serious_axe_violations(page)
    screenshot(page, "desk-image-library-focal")
    for name, found in problems.items():
        assert not found, axe_report(name, found)
