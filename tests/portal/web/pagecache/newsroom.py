"""A small newsroom for the page cache's tests: two desks, two live stories, the pages that show them."""

from dataclasses import dataclass

from django.urls import reverse

from articles.models import Article, Category
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, DisclosureFactory, ImageFactory
from tests.portal.factories import PageFactory


@dataclass
class Newsroom:
    business: Category
    banking: Category  # a sub-section of business
    tech: Category
    story: Article  # banking, tagged Oil and Commodities, by Ann, with a picture and a sponsor label
    other: Article  # tech, tagged Chips, by Bob, no picture

    def keys(self, article):
        """What a card of `article` declares."""
        keys = {f"article-{article.pk}", f"section-{article.category_id}"}
        if article.hero_image_id:
            keys.add(f"image-{article.hero_image_id}")
        keys |= {f"disclosure-{d.pk}" for d in article.disclosures.all()}
        return keys

    def byline_and_tags(self, article):
        return {f"author-{a.pk}" for a in article.authors.all()} | {f"tag-{t.pk}" for t in article.tags.all()}


def build():
    business = CategoryFactory(name="Business", slug="business")
    banking = CategoryFactory(name="Banking", slug="banking", parent=business)
    tech = CategoryFactory(name="Technology", slug="technology")
    ann, bob = AuthorFactory(name="Ann Lee", slug="ann-lee"), AuthorFactory(name="Bob Ray", slug="bob-ray")
    story = ArticleFactory(
        headline="Banks brace for the rate decision",
        category=banking,
        hero_image=ImageFactory(),
        authors=[ann],
        tags=["Oil", "Commodities"],
    )
    story.disclosures.add(DisclosureFactory())
    other = ArticleFactory(headline="Chip makers ramp up output", category=tech, authors=[bob], tags=["Chips"])
    PageFactory(title="About Us", slug="about-us")
    return Newsroom(business, banking, tech, story, other)


def pages(room):
    """name -> address of the reader pages the tests warm and read again."""
    return {
        "home": "/",
        "business": room.business.get_absolute_url(),
        "banking": room.banking.get_absolute_url(),
        "tech": room.tech.get_absolute_url(),
        "story": room.story.get_absolute_url(),
        "other": room.other.get_absolute_url(),
        "tag oil": reverse("articles:tag", kwargs={"slug": "oil"}),
        "tag chips": reverse("articles:tag", kwargs={"slug": "chips"}),
        "author ann": reverse("articles:author", kwargs={"slug": "ann-lee"}),
        "author bob": reverse("articles:author", kwargs={"slug": "bob-ray"}),
        "latest": reverse("articles:latest"),
        "site feed": reverse("articles:feed", args=["rss"]),
        "banking feed": reverse("articles:section_feed", args=["banking", "rss"]),
        "tech feed": reverse("articles:section_feed", args=["technology", "atom"]),
        "articles sitemap": reverse("portal:sitemap_section", args=["articles"]),
        "tags": reverse("articles:tags"),
        "about": reverse("portal:page", kwargs={"slug": "about-us"}),
    }
