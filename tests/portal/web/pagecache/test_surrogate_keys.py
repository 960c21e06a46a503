"""Every reader page names exactly the content it shows, in `Surrogate-Key` and `xkey` (what purges it)."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.services import search_index_update
from newsletter.models import Issue
from portal.models import Page
from tests.articles.publications.factories import ContentsEntryFactory, MagazineIssueFactory, ResearchReportFactory
from tests.factories import CorrectionFactory
from tests.newsletter.factories import IssueFactory
from tests.portal.web.pagecache import newsroom

pytestmark = pytest.mark.django_db

CHROME = {"chrome", "sections", "newsletter-lists"}


@pytest.fixture
def room(db):
    return newsroom.build()


def rail(*stories):
    """What the right rail's "Latest" headlines declare (includes/rail.html): each story and its section."""
    return {key for story in stories for key in (f"article-{story.pk}", f"section-{story.category_id}")}


def keys(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Surrogate-Key"] == response["xkey"]
    return set(response["Surrogate-Key"].split())


def tag(name):
    return f"tag-{Tag.objects.get(name=name).pk}"


def test_home(client, room):
    blocks = {f"section-{room.banking.pk}", f"section-{room.tech.pk}"}
    expected = {"home", *CHROME, *blocks, *room.keys(room.story), *room.keys(room.other)}
    assert keys(client, "/") == expected


def test_a_parent_section_names_itself_its_sub_sections_and_its_cards(client, room):
    lists = {f"list-section-{room.business.pk}", f"list-section-{room.banking.pk}"}
    expected = {f"section-{room.business.pk}", *lists, *CHROME, *room.keys(room.story), *rail(room.story, room.other)}
    assert keys(client, room.business.get_absolute_url()) == expected


def test_a_section(client, room):
    tech = {f"section-{room.tech.pk}", f"list-section-{room.tech.pk}"}
    expected = {*tech, *CHROME, *room.keys(room.other), *rail(room.story, room.other)}
    assert keys(client, room.tech.get_absolute_url()) == expected


def test_an_article_names_its_section_byline_tags_and_everything_around_it(client, room):
    more_from = f"list-section-{room.banking.pk}"
    related = {f"list-{tag('Oil')}", f"list-{tag('Commodities')}"}  # a story joining its tags may become "Related"
    expected = {*CHROME, *room.keys(room.story), *room.byline_and_tags(room.story), more_from, *related}
    expected |= rail(room.other)  # the rail's "Latest" leaves the story itself out
    assert keys(client, room.story.get_absolute_url()) == expected
    assert {tag("Oil"), tag("Commodities"), f"author-{room.story.authors.get().pk}"} <= expected


def test_tag_and_author_pages(client, room):
    chips = {tag("Chips"), f"list-{tag('Chips')}"}
    assert keys(client, reverse("articles:tag", kwargs={"slug": "chips"})) == {*chips, *CHROME, *room.keys(room.other)}
    author = room.story.authors.get()
    ann = {f"author-{author.pk}", f"list-author-{author.pk}"}
    assert keys(client, author.get_absolute_url()) == {*ann, *CHROME, *room.keys(room.story)}


def test_lists_across_sections_name_listings(client, room):
    cards = room.keys(room.story) | room.keys(room.other)
    assert keys(client, reverse("articles:latest")) == {"listings", *CHROME, *cards}
    search_index_update()  # PostgreSQL searches the stored vectors
    assert keys(client, reverse("articles:search") + "?q=chip") == {"listings", *CHROME, *room.keys(room.other)}
    assert keys(client, reverse("articles:tags")) == {"tags", "listings", *CHROME}
    assert keys(client, reverse("articles:trending")) == {"listings", *CHROME, *cards}  # nothing read: the latest


def test_corrections_name_the_corrected_articles(client, room):
    CorrectionFactory(article=room.story)
    headline = {f"article-{room.story.pk}", f"section-{room.banking.pk}"}  # a linked headline, no picture or label
    expected = {"corrections", "listings", *CHROME, *headline}
    assert keys(client, reverse("articles:corrections")) == expected


def test_feeds_name_each_item_with_its_section_tags_and_authors(client, room):
    story = room.keys(room.story) | room.byline_and_tags(room.story)
    other = room.keys(room.other) | room.byline_and_tags(room.other)
    assert keys(client, reverse("articles:feed", args=["rss"])) == {"listings", *story, *other}
    banking = reverse("articles:section_feed", args=["banking", "atom"])
    assert keys(client, banking) == {f"section-{room.banking.pk}", f"list-section-{room.banking.pk}", *story}
    chips = reverse("articles:tag_feed", args=["chips", "rss"])
    assert keys(client, chips) == {tag("Chips"), f"list-{tag('Chips')}", *other}


def test_sitemaps_name_the_lists_they_come_from(client, room):
    everything = {"listings", "sections", "tags", "authors", "pages", "magazines", "reports", "awards"}
    assert keys(client, reverse("portal:sitemap_xml")) == everything
    assert keys(client, reverse("portal:sitemap_section", args=["articles"])) == {"listings"}
    assert keys(client, reverse("portal:sitemap_section", args=["tags"])) == {"tags", "listings"}
    assert keys(client, reverse("portal:sitemap_news")) == {"listings"}
    assert keys(client, reverse("portal:sitemap")) == {"sections", "pages", "tags", "listings", *CHROME}


def test_company_pages_and_the_newsletter_page(client, room):
    page = Page.objects.get(slug="about-us")
    assert keys(client, page.get_absolute_url()) == {f"page-{page.pk}", *CHROME}
    assert keys(client, reverse("newsletter:index")) == {"newsletter-issues", *CHROME}


def test_the_web_version_of_a_sent_issue_names_the_issue_and_its_stories(client, room):
    issue = IssueFactory(articles=[room.other], status=Issue.Status.SENT)
    expected = {f"newsletter-issue-{issue.pk}", *CHROME, *room.keys(room.other)}
    assert keys(client, reverse("newsletter:issue", kwargs={"pk": issue.pk})) == expected


def test_publications_name_themselves_their_covers_and_contents(client, room):
    issue = MagazineIssueFactory()
    ContentsEntryFactory(issue=issue, article=room.other)
    assert keys(client, reverse("magazines:archive")) == {"magazines", f"magazine-{issue.pk}", *CHROME}
    expected = {f"magazine-{issue.pk}", *CHROME, f"article-{room.other.pk}", f"section-{room.tech.pk}"}
    assert keys(client, issue.get_absolute_url()) == expected
    report = ResearchReportFactory(section=room.banking)
    listed = {f"report-{report.pk}", f"section-{room.banking.pk}"}
    assert keys(client, reverse("reports:list")) == {"reports", *listed, *CHROME}
    assert keys(client, report.get_absolute_url()) == {*listed, *CHROME}
    assert client.get(reverse("reports:pdf", kwargs={"slug": report.slug}))["xkey"] == f"report-{report.pk}"


def test_a_page_with_more_keys_than_a_proxy_takes_is_kept_by_no_shared_cache(client, room, page_cache, monkeypatch):
    monkeypatch.setattr("portal.web.pagecache.middleware.MAX_KEYS_HEADER", 20)
    response = client.get("/")
    assert "Surrogate-Key" not in response and "s-maxage=0" in response["Cache-Control"]
    assert client.get("/")["X-Page-Cache"] == "MISS"
