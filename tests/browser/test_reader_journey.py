"""A reader finds a story from the home page and reads it, with and without JavaScript."""

import re
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as date_format

from tests.browser.support import BODY_PARAGRAPHS, expect


def check_time(locator, moment, label, shown="j F Y"):
    """A <time> whose machine-readable datetime is `moment` and whose text is its local date (`shown` format)."""
    expect(locator).to_have_count(1)
    stamp = locator.get_attribute("datetime")
    assert datetime.fromisoformat(stamp) == moment, f"{label}: datetime={stamp!r}, expected {moment.isoformat()}"
    expect(locator).to_have_text(date_format(timezone.localtime(moment), shown))


def check_hero_image(page, article):
    """The hero picture is responsive, sized, described and actually loaded."""
    hero = page.locator("figure.story__hero img")
    expect(hero).to_have_count(1)
    for attribute in ("srcset", "sizes"):
        assert hero.get_attribute(attribute), f"the hero <img> has no {attribute}"
    assert hero.get_attribute("width") == str(article.hero_image.width)
    assert hero.get_attribute("height") == str(article.hero_image.height)
    expect(hero).to_have_attribute("alt", article.hero_image.alt_text)
    hero.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete", arg=hero.element_handle())
    natural_width = hero.evaluate("(img) => img.naturalWidth")
    assert natural_width > 0, f"the hero image did not load ({hero.evaluate('(img) => img.currentSrc')})"
    caption = page.locator("figure.story__hero figcaption")
    expect(caption).to_contain_text(article.hero_image.caption)
    expect(caption.locator(".credit")).to_contain_text(article.hero_image.credit)


def check_article_page(page, newsroom):
    """Everything a reader should see on the article page."""
    article, section = newsroom["article"], newsroom["section"]
    breadcrumb = page.locator("nav[aria-label=Breadcrumb]")
    expect(breadcrumb.locator("li")).to_have_text(["Home", section.name, article.headline])
    expect(breadcrumb.locator("[aria-current=page]")).to_have_text(article.headline)

    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(article.headline)
    expect(page).to_have_title(f"{article.headline} | {settings.SITE_NAME}")
    expect(page.locator(".story__publisher")).to_have_text(f"Published by {settings.SITE_NAME}")

    dates = page.locator(".story__dates")
    expect(dates).to_contain_text("Posted on")
    # Updated the day it was posted: both times show, and the time zone once, at the end.
    same_day = timezone.localdate(article.publish_at) == timezone.localdate(article.updated_at)
    posted, updated = ("j F Y, H:i", "j F Y, H:i T") if same_day else ("j F Y", "j F Y")
    check_time(dates.locator("span", has_text="Posted on").locator("time"), article.publish_at, "Posted on", posted)
    expect(dates).to_contain_text("Last updated:")
    check_time(
        dates.locator("span", has_text="Last updated:").locator("time"), article.updated_at, "Last updated", updated
    )
    assert article.reading_minutes > 1
    expect(dates).to_contain_text(f"{article.reading_minutes} min read")

    check_hero_image(page, article)

    tags = page.locator("ul.story__tags a[rel=tag]")
    expect(tags).to_have_count(2)
    assert sorted(tags.all_inner_texts()) == ["Commodities", "Oil"]
    expect(page.locator("ul.story__tags a", has_text="Oil")).to_have_attribute("href", "/tags/oil/")

    summary = page.locator("section.story__summary")
    expect(summary.get_by_role("heading", name="Quick Summary")).to_be_visible()
    expect(summary).to_contain_text(article.summary)

    expect(page.locator(".story__byline")).to_have_text("By Andrew Osborn (Reuters)")
    expect(page.locator(".story__byline a[rel=author]")).to_have_attribute("href", "/authors/andrew-osborn/")

    body = page.locator(".story__body")
    # Agency copy opens with the agency's dateline, rendered from the credit (the stored body has none).
    expect(body.locator("p").first).to_have_text(re.compile(r"^\(Reuters\) - " + re.escape(BODY_PARAGRAPHS[0][:20])))
    for paragraph in BODY_PARAGRAPHS:
        expect(body).to_contain_text(paragraph)
    expect(body.locator("h2")).to_have_text("What comes next")
    expect(body.locator("strong")).to_have_text("Producers meet again in March.")

    takeaways = page.locator("section.story__takeaways")
    expect(takeaways.get_by_role("heading", name="Key Takeaways")).to_be_visible()
    expect(takeaways.locator("li")).to_have_text(["Brent rose for a third day.", "Producers meet again in March."])

    faq = page.locator("section#faq")
    expect(faq.get_by_role("heading", name="Frequently Asked Questions")).to_be_visible()
    # Numbered like the seed portal's: an ordered list whose markers read 1, 2.
    questions = faq.get_by_role("heading", level=3)
    expect(questions).to_have_text(["Why did oil rise?", "What happens next?"])
    expect(faq.locator("ol > li > p")).to_have_text(["Talks on output stalled.", "Producers meet in March."])
    assert faq.locator("ol").evaluate("(list) => getComputedStyle(list).listStyleType") == "decimal"

    more = page.locator("section.more-from")
    expect(more.get_by_role("heading", name=f"More from {section.name}")).to_be_visible()
    others = [a.headline for a in newsroom["newer"] + newsroom["older"]]
    expect(more.locator("article.card .card__title")).to_have_text(others)
    expect(more.get_by_role("link", name=f"View all {section.name} posts")).to_have_attribute(
        "href", section.get_absolute_url()
    )

    pager = page.locator(f"nav[aria-label='More in {section.name}']")
    expect(pager.locator("a[rel=prev]")).to_contain_text(f"Previous post {newsroom['older'][0].headline}")
    expect(pager.locator("a[rel=prev]")).to_have_attribute("href", newsroom["older"][0].get_absolute_url())
    expect(pager.locator("a[rel=next]")).to_contain_text(f"Next post {newsroom['newer'][0].headline}")
    expect(pager.locator("a[rel=next]")).to_have_attribute("href", newsroom["newer"][0].get_absolute_url())


def test_reader_finds_and_reads_a_story(page, console, screenshot, newsroom):
    article, section = newsroom["article"], newsroom["section"]

    page.goto("/")
    expect(page.locator("h1")).to_have_count(1)
    page.get_by_role("navigation", name="Sections").get_by_role("link", name=section.name, exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(section.get_absolute_url()) + "$"))
    expect(page.locator("h1")).to_have_text(section.name)
    expect(page.get_by_role("navigation", name="Sections").locator("[aria-current=page]")).to_have_text(section.name)

    page.locator("article.card").filter(has_text=article.headline).get_by_role("link", name=article.headline).click()
    expect(page).to_have_url(re.compile(re.escape(article.get_absolute_url()) + "$"))
    check_article_page(page, newsroom)
    screenshot(page, "reader-article")

    # A tag leads to its tag page, which lists the story.
    page.locator("ul.story__tags").get_by_role("link", name="Oil").click()
    expect(page).to_have_url(re.compile(r"/tags/oil/$"))
    expect(page.locator("h1")).to_contain_text("Oil")
    expect(page.locator("article.card").get_by_role("link", name=article.headline)).to_be_visible()
    page.go_back()

    # The byline leads to the author page.
    page.locator(".story__byline").get_by_role("link", name="Andrew Osborn").click()
    expect(page.locator("h1")).to_have_text("Andrew Osborn")
    expect(page.get_by_role("link", name=article.headline)).to_be_visible()
    page.go_back()

    # Previous and next walk through the section in publishing order.
    page.get_by_role("link", name=re.compile("^Next post")).click()
    expect(page.locator("h1")).to_have_text(newsroom["newer"][0].headline)
    expect(page.get_by_role("link", name=re.compile("^Previous post"))).to_contain_text(article.headline)
    page.go_back()
    page.get_by_role("link", name=re.compile("^Previous post")).click()
    expect(page.locator("h1")).to_have_text(newsroom["older"][0].headline)
    page.go_back()

    # "View all Business posts" goes back to the section.
    page.locator("section.more-from").get_by_role("link", name=f"View all {section.name} posts").click()
    expect(page.locator("h1")).to_have_text(section.name)
    console.assert_clean()


def test_article_page_works_without_javascript(open_context, console, screenshot, newsroom):
    article = newsroom["article"]
    with_js = open_context().new_page()
    with_js.goto(article.get_absolute_url())
    expected_text = with_js.locator("main").inner_text()

    page = open_context(java_script_enabled=False).new_page()
    page.goto("/")
    page.get_by_role("link", name=newsroom["section"].name, exact=True).first.click()
    page.get_by_role("link", name=article.headline).first.click()
    expect(page).to_have_url(re.compile(re.escape(article.get_absolute_url()) + "$"))
    assert page.evaluate("() => 1") == 1  # Playwright's own evaluation still works
    assert page.locator("main").inner_text() == expected_text, "the page reads differently without JavaScript"
    check_article_page(page, newsroom)
    screenshot(page, "reader-article-no-js")
    console.assert_clean()
