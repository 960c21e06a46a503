"""A reader on a bad connection finds the text-only edition and reads a story there, under the site's real CSP."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from portal.models import MenuItem
from tests.browser.checks import assert_valid_html
from tests.browser.support import trust_story
from tests.portal.factories import MenuItemFactory

BANNER = "Storm warning: read the text-only edition"


def text_url(article):
    return reverse("textedition:article", kwargs={"section": article.category.slug, "slug": article.slug})


def test_from_the_footer_to_a_text_story_and_back_to_the_full_page(open_context, console, newsroom):
    labelled = trust_story(newsroom["section"])["labelled"]
    # The newest of its section, whatever the factories' sequence (their times drift older as a session goes on).
    Article.objects.filter(pk=labelled.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    labelled.refresh_from_db()
    page = open_context().new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(newsroom["article"].get_absolute_url())
    assert page.locator("footer").get_by_role("link", name="Text-only edition").is_visible()
    MenuItemFactory(menu=MenuItem.Menu.BANNER, label=BANNER, route="textedition:front")  # the editor's switch
    page.reload()
    page.get_by_role("complementary", name="Notice").get_by_role("link", name=BANNER).click()
    page.wait_for_url("**/text/")
    assert page.get_by_role("heading", level=1).inner_text() == "Headlines"
    line = page.get_by_role("listitem").filter(has_text=labelled.headline)
    assert "[Sponsored]" in line.inner_text()  # labelled on the front too
    requests.clear()
    line.get_by_role("link").click()
    page.wait_for_url(f"**{text_url(labelled)}")
    assert requests == [page.url]  # the document only: no style sheet, script, font or picture
    assert page.get_by_role("heading", level=1).inner_text() == labelled.headline
    assert page.get_by_text("An earlier version gave the wrong interest rate.").is_visible()
    page.get_by_role("link", name="Go to the full version of this page").click()
    page.wait_for_url(f"**{labelled.get_absolute_url()}")
    console.assert_clean()


def test_pages_with_the_banner_are_valid_html(browser_tools, client, newsroom, tmp_path):
    MenuItemFactory(menu=MenuItem.Menu.BANNER, label=BANNER, route="textedition:front")
    urls = {"home": "/", "article": newsroom["article"].get_absolute_url()}
    documents = {name: client.get(url).content for name, url in urls.items()}
    assert all(BANNER.encode() in html for html in documents.values())
    assert_valid_html(documents, tmp_path)
