"""An editor writes and publishes a story in the admin; a reader then finds it."""

import re

from django.urls import reverse
from PIL import Image as PILImage
from PIL import ImageDraw

from articles.models import Article
from tests.browser.conftest import expect
from tests.factories import AuthorFactory, CategoryFactory

PASSWORD = "pw-for-tests-only"
HEADLINE = "Banks rally as rate cut hopes grow"
ALT_TEXT = "Traders watching screens on a bank's dealing floor"


def make_photo(path):
    """A real 1200×675 JPEG with some shapes on it, like a camera export."""
    picture = PILImage.new("RGB", (1200, 675), (24, 64, 120))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((80, 380, 1120, 620), fill=(230, 180, 40))
    draw.ellipse((820, 60, 1060, 300), fill=(250, 250, 245))
    picture.save(path, "JPEG", quality=90)
    return path


def choose_in_autocomplete(page, field, search, option):
    """Pick `option` in an admin autocomplete (select2) the way a person does: open, type, click."""
    page.locator(f"#id_{field} + .select2 .select2-selection").click()
    search_box = page.locator(".select2-container--open .select2-search__field")
    search_box.press_sequentially(search, delay=30)
    page.locator(".select2-container--open .select2-results__option", has_text=option).click()
    expect(page.locator(f"#id_{field} option:checked")).to_contain_text(option)


def log_in(page, username):
    page.goto(reverse("admin:login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("admin:index")) + "$"))


def write_body(page):
    """Type two paragraphs into the ProseMirror editor, making one sentence bold with the toolbar."""
    editor = page.locator(".prose-editor div.ProseMirror[contenteditable=true]")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.type("Bank shares rose on Tuesday as investors bet on an early rate cut. ")
    bold = page.locator(".prose-editor .prose-menubar button[data-name=bold]")
    bold.click()
    page.keyboard.type("Lenders led the market higher.")
    bold.click()
    page.keyboard.press("Enter")
    page.keyboard.type("Bond yields fell to their lowest level in a year.")
    expect(editor.locator("strong")).to_have_text("Lenders led the market higher.")
    expect(editor.locator("p")).to_have_count(2)


def add_hero_image_in_popup(page, photo):
    """Upload a picture through the hero image's “add another” (+) popup."""
    with page.expect_popup() as popup_info:
        page.locator("#add_id_hero_image").click()
    popup = popup_info.value
    popup.wait_for_load_state()
    expect(popup.locator("h1")).to_have_text("Add image")
    popup.get_by_label("File").set_input_files(str(photo))
    popup.get_by_label("Alt text").fill(ALT_TEXT)
    popup.get_by_label("Caption").fill("The dealing floor on Tuesday morning.")
    popup.get_by_label("Credit").fill("Newsroom/Staff")
    with popup.expect_event("close"):
        popup.locator("input[name=_save]").click()
    # The popup closed and selected the new image in the article form.
    expect(page.locator("#select2-id_hero_image-container")).to_contain_text(ALT_TEXT)
    expect(page.locator("#id_hero_image option:checked")).to_have_text(ALT_TEXT)


def test_editor_publishes_an_article(open_context, console, screenshot, tmp_path, django_user_model):
    CategoryFactory(name="Finance", slug="finance", navigation_order=1)
    CategoryFactory(name="Business", slug="business", navigation_order=2)
    AuthorFactory(name="Andrew Osborn", slug="andrew-osborn")
    django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    photo = make_photo(tmp_path / "dealing-floor.jpg")

    page = open_context().new_page()
    log_in(page, "editor")
    page.goto(reverse("admin:articles_article_add"))
    expect(page.locator("h1")).to_have_text("Add article")

    page.get_by_label("Headline").press_sequentially(HEADLINE, delay=10)
    expect(page.get_by_label("Slug")).to_have_value("banks-rally-as-rate-cut-hopes-grow")
    choose_in_autocomplete(page, "category", "Busi", "Business")
    choose_in_autocomplete(page, "authors", "Osb", "Andrew Osborn")
    page.get_by_label("Agency / source").fill("Reuters")
    page.get_by_label("Quick summary").fill("Bank shares led a broad rally as traders priced in an early rate cut.")
    write_body(page)
    add_hero_image_in_popup(page, photo)
    page.get_by_label("Tags").fill("Banking, Interest rates")
    page.locator("#id_takeaways-0-text").fill("Bank shares led the rally.")
    page.locator("#id_faqs-0-question").fill("Why did bank shares rise?")
    page.locator("#id_faqs-0-answer").fill("Investors expect an early rate cut.")
    page.get_by_label("Status").select_option(label="Published")
    screenshot(page, "editor-add-article")
    console.assert_clean()  # the editor's import map and scripts ran under the CSP

    page.locator("input[name=_save]").last.click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")

    article = Article.objects.get(slug="banks-rally-as-rate-cut-hopes-grow")
    assert article.status == Article.Status.PUBLISHED and article.is_published
    assert article.category.slug == "business"
    assert "<strong>Lenders led the market higher.</strong>" in article.body
    assert article.hero_image is not None and article.hero_image.alt_text == ALT_TEXT
    assert article.hero_image.renditions.get("jpeg"), "the uploaded image got no renditions"
    assert sorted(t.name for t in article.tags.all()) == ["Banking", "Interest rates"]

    # A reader (no admin session) finds the story on the home page.
    reader = open_context().new_page()
    reader.goto("/")
    reader.get_by_role("link", name=HEADLINE).first.click()
    expect(reader).to_have_url(re.compile(r"/business/banks-rally-as-rate-cut-hopes-grow/$"))
    expect(reader.locator("h1")).to_have_text(HEADLINE)
    expect(reader.locator(".story__byline")).to_have_text("By Andrew Osborn (Reuters)")
    body = reader.locator(".story__body")
    expect(body).to_contain_text("Bank shares rose on Tuesday as investors bet on an early rate cut.")
    expect(body.locator("strong")).to_have_text("Lenders led the market higher.")
    expect(body).to_contain_text("Bond yields fell to their lowest level in a year.")
    expect(reader.locator("ul.story__tags a[rel=tag]", has_text="Interest rates")).to_have_attribute(
        "href", "/tags/interest-rates/"
    )
    expect(reader.locator("section.story__takeaways li")).to_have_text(["Bank shares led the rally."])
    expect(reader.locator("section#faq dt")).to_have_text(["Why did bank shares rise?"])
    expect(reader.locator("section#faq dd")).to_have_text(["Investors expect an early rate cut."])

    hero = reader.locator("figure.story__hero img")
    expect(hero).to_have_attribute("alt", ALT_TEXT)
    expect(hero).to_have_attribute("width", "1200")
    reader.wait_for_function("(img) => img.complete", arg=hero.element_handle())
    assert hero.evaluate("(img) => img.naturalWidth") > 0, "the uploaded hero image did not load"
    caption = reader.locator("figure.story__hero figcaption")
    expect(caption).to_contain_text("The dealing floor on Tuesday morning.")
    expect(caption.locator(".credit")).to_contain_text("Newsroom/Staff")
    screenshot(reader, "editor-published-article")
    console.assert_clean()
