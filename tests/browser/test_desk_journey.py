"""The editor's desk in a real browser: autosave survives a closed tab, the live preview follows the
typing at desktop and phone width, the SEO counters and previews, tag chips, and axe on the form."""

import re
from pathlib import Path

from django.urls import reverse

from articles.models import Article, ArticleDraft
from tests.browser.checks import axe_report, serious_axe_violations
from tests.browser.support import expect
from tests.browser.test_editor_journey import PASSWORD, choose_in_autocomplete, editor_ready, log_in
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, ImageFactory

SHOTS = Path("/work/shots")
HEADLINE = "Banks rally as rate cut hopes grow"


def shot(page, name, locator=None):
    SHOTS.mkdir(parents=True, exist_ok=True)
    (locator or page).screenshot(path=str(SHOTS / f"{name}.png"))


def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)


def test_a_closed_tab_gives_the_draft_back(open_context, console, django_user_model):
    CategoryFactory(name="Business", slug="business")
    AuthorFactory(name="Andrew Osborn", slug="andrew-osborn")
    editor(django_user_model)
    context = open_context()
    page = context.new_page()
    log_in(page, "editor")
    page.goto(reverse("admin:articles_article_add"))
    page.get_by_label("Headline").press_sequentially(HEADLINE, delay=5)
    choose_in_autocomplete(page, "category", "Busi", "Business")
    page.get_by_label("Quick summary").press_sequentially("Bank shares led a broad rally.", delay=5)
    body = page.locator(".prose-editor div.ProseMirror[contenteditable=true]")
    body.focus()
    page.keyboard.type("Bank shares rose on Tuesday as investors bet on an early rate cut.")
    expect(page.get_by_test_id("word-count")).to_have_text("13 words · 1 min read")
    page.get_by_label("Tags").press_sequentially("Banking,Interest rates,", delay=5)
    page.get_by_label("Key takeaways, one per line").fill("Bank shares led the rally.\nYields fell.")
    for n, (question, answer) in enumerate([("Why did banks rise?", "Rate cut hopes."), ("What next?", "A meeting.")]):
        page.locator(f"#id_faqs-{n}-question").fill(question)
        page.locator(f"#id_faqs-{n}-answer").fill(answer)
    expect(page.locator("#id_faqs-2-question")).to_be_attached()  # the next row appeared while typing
    expect(page.get_by_test_id("autosave-status")).to_contain_text("Draft autosaved at", timeout=15_000)
    assert not Article.objects.exists()  # an autosave is no save
    page.close()  # the tab is closed mid-draft

    page = context.new_page()
    page.goto(reverse("admin:articles_article_add"))
    prompt = page.get_by_test_id("draft-restore")
    expect(prompt).to_contain_text("You have unsaved changes from")
    shot(page, "desk-restore-prompt")
    expect(page.get_by_label("Headline")).to_have_value("")
    prompt.get_by_role("button", name="Restore").click()
    expect(prompt).to_have_count(0)
    expect(page.get_by_label("Headline")).to_have_value(HEADLINE)
    expect(page.get_by_label("Quick summary")).to_have_value("Bank shares led a broad rally.")
    expect(page.locator("#id_category option:checked")).to_have_text("Business")
    expect(page.get_by_role("textbox", name="Body")).to_contain_text("investors bet on an early rate cut")
    expect(page.locator(".tag-chip")).to_have_text(["Banking ×", "Interest rates ×"])
    expect(page.get_by_label("Key takeaways, one per line")).to_have_value("Bank shares led the rally.\nYields fell.")
    expect(page.locator("#id_faqs-1-answer")).to_have_value("A meeting.")
    page.get_by_role("button", name="Save draft").first.click()
    expect(page.locator(".messagelist .success")).to_contain_text("Saved")
    article = Article.objects.get()
    assert article.headline == HEADLINE and "early rate cut" in article.body
    assert sorted(t.name for t in article.tags.all()) == ["Banking", "Interest rates"]
    assert [f.question for f in article.faqs.all()] == ["Why did banks rise?", "What next?"]
    assert not ArticleDraft.objects.exists()  # saved for real: nothing left to offer
    console.assert_clean()


def test_the_live_preview_follows_the_typing_and_the_seo_counters_count(open_context, console, django_user_model):
    section = CategoryFactory(name="Business", slug="business")
    ArticleFactory(headline="An older story", category=section, tags=["Banking"])
    article = ArticleFactory(
        headline="Banks rally", category=section, summary="Bank shares led a broad rally.",
        hero_image=ImageFactory(alt_text="Traders at their screens"), authors=[AuthorFactory(name="Andrew Osborn")],
        source="Reuters", body="<p>Bank shares rose on Tuesday.</p>", tags=["Markets"],
    )  # fmt: skip
    editor(django_user_model)
    page = open_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, "editor")
    page.goto(reverse("admin:articles_article_change", args=[article.pk]))

    page.get_by_role("button", name="Live preview").click()
    frame = page.frame_locator("[data-testid=preview-frame]")
    expect(frame.locator("h1")).to_have_text("Banks rally")
    expect(frame.locator(".story__byline")).to_have_text("By Andrew Osborn (Reuters)")
    page.get_by_label("Headline").press("End")
    page.keyboard.type(" as rate cut hopes grow", delay=10)
    expect(frame.locator("h1")).to_have_text(HEADLINE)  # as the reader will see it, before any save
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "desk-change-form-live-preview")
    page.get_by_role("button", name="Phone").click()
    expect(page.get_by_role("button", name="Phone")).to_have_attribute("aria-pressed", "true")
    assert page.locator("[data-testid=preview-frame]").evaluate("(f) => f.getBoundingClientRect().width") == 390
    shot(page, "desk-change-form-live-preview-phone")
    page.get_by_role("button", name="Close").click()
    expect(page.locator("#live-preview")).to_be_hidden()

    seo_title = page.get_by_label("SEO title")
    seo_title.press_sequentially("Bank shares today", delay=5)
    counter = page.locator("#id_seo_title_counter")
    expect(counter).to_have_text("17 / 60 characters")
    expect(page.locator(".seo-preview__title")).to_have_text("Bank shares today | " + "Global Finance Review")
    seo_title.press_sequentially(": why lenders led the market higher on rate cut hopes", delay=2)
    expect(counter).to_contain_text("search engines cut the rest")
    expect(counter).to_have_class(re.compile(r"\bis-over\b"))
    page.get_by_label("Meta description").press_sequentially("Lenders led the market higher.", delay=5)
    expect(page.locator("#id_seo_description_counter")).to_have_text("30 / 160 characters")
    expect(page.locator(".seo-preview__description")).to_have_text("Lenders led the market higher.")
    page.get_by_label("Title on social cards").press_sequentially("Why banks are rallying", delay=5)
    expect(page.locator(".seo-preview__card-title")).to_have_text("Why banks are rallying")
    expect(page.locator(".seo-preview__image")).to_be_visible()  # the hero's crop, by default
    fieldset = page.locator("fieldset.seo-fieldset")
    fieldset.scroll_into_view_if_needed()
    shot(page, "desk-seo-preview", fieldset)

    # Tags as chips, with the existing tags suggested.
    expect(page.locator(".tag-chip")).to_have_text(["Markets ×"])
    entry = page.get_by_label("Tags")
    entry.press_sequentially("Bank", delay=20)
    expect(page.locator("#id_tags-suggestions option[value=Banking]")).to_have_count(1)
    entry.press_sequentially("ing,Interest rates", delay=5)
    entry.press("Enter")
    expect(page.locator(".tag-chip")).to_have_text(["Markets ×", "Banking ×", "Interest rates ×"])
    page.get_by_role("button", name="Remove tag Markets").click()
    expect(page.locator(".tag-chip")).to_have_count(2)
    expect(page.locator("#id_tags")).to_have_value("Banking, Interest rates")  # the field the form sends
    page.get_by_role("button", name="Save changes").first.click()
    expect(page.locator(".messagelist .success")).to_contain_text("Saved")
    article.refresh_from_db()
    assert sorted(t.name for t in article.tags.all()) == ["Banking", "Interest rates"]
    assert (article.headline, article.seo_title[:17], article.social_headline) == (
        HEADLINE, "Bank shares today", "Why banks are rallying",
    )  # fmt: skip
    # One tag of two words stays one chip (tags are split on commas only, articles/tagging.py).
    place = ArticleFactory(headline="Brazil's central bank", category=section, tags=["São Paulo"])
    page.goto(reverse("admin:articles_article_change", args=[place.pk]))
    expect(page.locator(".tag-chip")).to_have_text(["São Paulo ×"])
    page.get_by_label("Tags").press_sequentially("Brazil", delay=5)
    page.get_by_label("Tags").press("Enter")
    expect(page.locator("#id_tags")).to_have_value("São Paulo, Brazil")
    console.assert_clean()


def test_the_change_form_with_its_desk_passes_axe(open_context, django_user_model):
    section = CategoryFactory(name="Business", slug="business")
    article = ArticleFactory(headline="Banks rally", category=section, hero_image=ImageFactory(alt_text="Traders"))
    user = editor(django_user_model)
    ArticleDraft.objects.create(
        user=user, article=article, data={"headline": ["Banks rally again"]}, saved_at=article.modified_at
    )
    page = open_context(bypass_csp=True).new_page()
    log_in(page, "editor")
    page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    expect(page.get_by_test_id("draft-restore")).to_be_visible()
    page.get_by_role("button", name="Live preview").click()
    expect(page.frame_locator("[data-testid=preview-frame]").locator("h1")).to_have_text("Banks rally")
    editor_ready(page)
    found = serious_axe_violations(page)
    assert not found, axe_report("the change form with its desk", found)


def test_without_javascript_the_tags_are_the_comma_field_and_the_desk_is_out_of_sight(open_context, django_user_model):
    article = ArticleFactory(headline="Banks rally", tags=["Markets", "Interest rates"])
    editor(django_user_model)
    page = open_context(java_script_enabled=False).new_page()
    log_in(page, "editor")
    page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    tags = page.get_by_label("Tags")
    expect(tags).to_have_attribute("id", "id_tags")
    expect(tags).to_have_value("Interest rates, Markets")
    expect(page.locator("#desk")).to_be_hidden()  # autosave and the live preview need JS; nothing half-works
    tags.fill("Markets, Banking")
    page.get_by_role("button", name="Save changes").first.click()
    article.refresh_from_db()
    assert sorted(t.name for t in article.tags.all()) == ["Banking", "Markets"]
