"""The demo content command: realistic, complete, idempotent."""

import re

import pytest
from django.core.management import call_command

from articles.models import Article, Author, Category, Image

pytestmark = [pytest.mark.django_db, pytest.mark.media]


def test_seed_demo_builds_the_portal_and_is_idempotent(client):
    call_command("seed_demo", articles=30, verbosity=0)
    names = list(Category.objects.values_list("name", flat=True))
    assert names[:3] == ["Top Stories", "Interviews", "Business"]
    assert {"Finance", "Banking", "Technology", "Investing", "Trading", "Videos", "Headlines", "Trends"} <= set(names)
    assert Author.objects.count() == 10
    assert Article.objects.count() == 30
    published = Article.objects.published()
    assert 20 < published.count() < 30  # a few drafts and scheduled stories too
    sample = published.prefetch_related("takeaways", "faqs", "tags", "authors").first()
    assert sample.hero_image.renditions["webp"]
    assert sample.takeaways.count() == 3 and sample.faqs.exists() and sample.tags.count() == 3
    assert sample.authors.exists()
    images = Image.objects.count()

    call_command("seed_demo", articles=30, verbosity=0)
    assert Article.objects.count() == 30
    assert Image.objects.count() == images
    assert Author.objects.count() == 10

    call_command("seed_demo", articles=40, verbosity=0)
    assert Article.objects.count() == 40
    for url in ("/", sample.get_absolute_url(), sample.category.get_absolute_url()):
        assert client.get(url).status_code == 200


def test_seed_demo_makes_the_demo_searchable_and_trending(client):
    from articles.models import ArticleDailyViews

    call_command("seed_demo", articles=30, verbosity=0)
    assert ArticleDailyViews.objects.exists()  # a made-up week, so the Trending box shows
    figures = ArticleDailyViews.objects.count()
    call_command("seed_demo", articles=30, verbosity=0)
    assert ArticleDailyViews.objects.count() == figures  # never written twice
    story = Article.objects.published().first()
    word = story.headline.split()[0]
    response = client.get("/search/", {"q": story.headline})
    assert story.headline in response.content.decode(), word  # indexed on PostgreSQL, matched on SQLite
    assert 'class="trending"' in client.get("/").content.decode()


def test_a_second_run_costs_few_queries_whatever_the_size(django_assert_max_num_queries):
    """Regression: the check for existing demo articles once ran a query per article."""
    call_command("seed_demo", articles=80, verbosity=0)
    # About 70 fixed queries (sections, authors, tags, pictures...); the old
    # per-article check added two more for every article.
    with django_assert_max_num_queries(100):
        call_command("seed_demo", articles=80, verbosity=0)


def test_demo_authors_have_roles_and_expertise_and_keep_an_editors_own(client):
    call_command("seed_demo", articles=5, verbosity=0)
    priya = Author.objects.get(slug="priya-raman")
    assert priya.role == "Banking correspondent" and "Retail banking" in priya.expertise_list
    assert "Banking correspondent" in client.get(priya.get_absolute_url()).content.decode()
    Author.objects.filter(pk=priya.pk).update(role="Senior banking correspondent")
    call_command("seed_demo", articles=5, verbosity=0)
    priya.refresh_from_db()
    assert priya.role == "Senior banking correspondent"


def test_demo_stories_have_clean_addresses_and_a_picture_of_their_topic(client):
    call_command("seed_demo", articles=60, verbosity=0)
    stories = Article.objects.filter(demo_story__isnull=False).select_related("hero_image").prefetch_related("tags")
    slugs = [story.slug for story in stories]
    assert len(slugs) == len(set(slugs)) == 60
    assert not [slug for slug in slugs if slug.startswith("demo-") or len(slug) > 60]
    for story in stories.filter(video__isnull=True):  # a video story's picture is its poster
        topic = re.search(r"for our (.+) coverage$", story.hero_image.alt_text).group(1)
        assert topic in {tag.name.lower() for tag in story.tags.all()}, story.headline  # tagged with it
        assert topic in story.body  # and its body links there
    story = stories.exclude(status=Article.Status.DRAFT).published().first()
    page = client.get(story.get_absolute_url()).content.decode()
    assert story.hero_image.alt_text in page


def test_a_renamed_demo_story_stays_renamed_and_a_deleted_one_comes_back():
    call_command("seed_demo", articles=12, verbosity=0)
    renamed = Article.objects.get(demo_story__number=4)
    renamed.slug, renamed.headline = "an-editors-own-address", "An editor's own headline"
    renamed.save()
    Article.objects.get(demo_story__number=7).delete()
    call_command("seed_demo", articles=12, verbosity=0)
    assert Article.objects.count() == 12
    assert Article.objects.get(demo_story__number=4).headline == "An editor's own headline"
    assert Article.objects.filter(demo_story__number=7).exists()


def test_a_demo_site_seeded_with_numbered_addresses_is_not_seeded_twice():
    """Sites seeded before DemoStory carry demo-NNNNN- slugs: the next run adopts them, keeping their addresses."""
    from articles.models import DemoStory

    call_command("seed_demo", articles=10, verbosity=0)
    for story in Article.objects.filter(demo_story__isnull=False).select_related("demo_story"):
        Article.objects.filter(pk=story.pk).update(slug=f"demo-{story.demo_story.number:05d}-{story.slug}")
    DemoStory.objects.all().delete()
    call_command("seed_demo", articles=10, verbosity=0)
    assert Article.objects.count() == 10
    assert DemoStory.objects.count() == 10
    assert Article.objects.get(demo_story__number=3).slug.startswith("demo-00003-")  # old links keep working
