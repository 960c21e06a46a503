"""“Related” under an article: the editors' picks first, in order, then stories sharing its tags and section."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, RelatedStory
from articles.related.selectors import related_ids
from tests.articles.admin_forms import change_form_data
from tests.factories import ArticleFactory, CategoryFactory
from tests.html import parse_ok, texts

pytestmark = pytest.mark.django_db


def related_headlines(client, article):
    return texts(parse_ok(client.get(article.get_absolute_url())), "section.related h2 + ul .card__title")


def ago(**delta):
    return timezone.now() - timedelta(**delta)


@pytest.fixture
def desk(section):
    other = CategoryFactory(name="Technology", slug="technology")
    story = ArticleFactory(headline="Oil climbs as talks stall", category=section, tags=["Oil", "Opec"])
    return {
        "story": story,
        "other": other,
        "both_tags": ArticleFactory(
            headline="Opec weighs oil output cut", category=other, tags=["Oil", "Opec"], publish_at=ago(days=2)
        ),
        "one_tag": ArticleFactory(
            headline="Oil tanker rates jump", category=other, tags=["Oil"], publish_at=ago(days=1)
        ),
        "section_only": ArticleFactory(headline="Retail sales slow", category=section, publish_at=ago(hours=3)),
        "old_both": ArticleFactory(
            headline="Opec's oil deal, a year on", category=other, tags=["Oil", "Opec"], publish_at=ago(days=365)
        ),
        "unrelated": ArticleFactory(headline="Chip exports rise", category=other, tags=["Chips"]),
    }


def test_automatic_stories_share_tags_or_the_section_and_fade_with_age(client, desk, settings):
    settings.RELATED_STORIES = 5
    shown = related_headlines(client, desk["story"])
    assert shown[:3] == ["Opec weighs oil output cut", "Oil tanker rates jump", "Retail sales slow"]
    assert "Chip exports rise" not in shown and desk["story"].headline not in shown
    # A year-old story with both tags comes after fresh ones with fewer in common.
    assert shown[-1] == "Opec's oil deal, a year on"


def test_picks_come_first_in_their_order_even_without_anything_in_common(client, desk):
    RelatedStory.objects.create(article=desk["story"], related=desk["unrelated"], position=2)
    RelatedStory.objects.create(article=desk["story"], related=desk["old_both"], position=1)
    shown = related_headlines(client, desk["story"])
    assert shown == [
        "Opec's oil deal, a year on",
        "Chip exports rise",
        "Opec weighs oil output cut",
        "Oil tanker rates jump",
    ]


def test_only_live_stories_are_related(client, desk):
    RelatedStory.objects.create(article=desk["story"], related=desk["unrelated"], position=1)
    desk["unrelated"].status = Article.Status.UNPUBLISHED
    desk["unrelated"].save()
    ArticleFactory(headline="Scheduled oil story", tags=["Oil"], publish_at=timezone.now() + timedelta(hours=1))
    ArticleFactory(headline="Draft oil story", tags=["Oil"], status=Article.Status.DRAFT)
    shown = related_headlines(client, desk["story"])
    assert not {"Chip exports rise", "Scheduled oil story", "Draft oil story"} & set(shown)


def test_a_story_with_nothing_in_common_shows_no_related_section(client, section):
    lone = ArticleFactory(headline="A lonely story", category=CategoryFactory(name="Awards", slug="awards"))
    page = parse_ok(client.get(lone.get_absolute_url()))
    assert not page.cssselect("section.related")


def test_the_section_is_labelled_and_its_cards_are_the_site_cards(client, desk):
    page = parse_ok(client.get(desk["story"].get_absolute_url()))
    section = page.cssselect("section.related")[0]
    heading = section.cssselect("h2")[0]
    assert heading.text_content() == "Related" and section.get("aria-labelledby") == heading.get("id")
    assert section.cssselect("ul[role=list] > li article.card")


def test_editors_pick_and_order_them_in_the_article_form(editor_client, desk):
    story = desk["story"]
    url = reverse("admin:articles_article_change", args=[story.pk])
    form = parse_ok(editor_client.get(url))
    assert form.cssselect("#related_picks-group select[name='related_picks-0-related']")
    data = change_form_data(story)
    data.update({
        "related_picks-TOTAL_FORMS": "2",
        "related_picks-0-related": desk["unrelated"].pk, "related_picks-0-position": "2",
        "related_picks-1-related": desk["section_only"].pk, "related_picks-1-position": "1",
    })  # fmt: skip
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(story.related_picks.values_list("related__headline", flat=True)) == [
        "Retail sales slow",
        "Chip exports rise",
    ]
    editor_client.logout()
    assert related_headlines(editor_client, story)[:2] == ["Retail sales slow", "Chip exports rise"]


def test_a_story_cannot_be_related_to_itself(editor_client, desk):
    story = desk["story"]
    url = reverse("admin:articles_article_change", args=[story.pk])
    data = change_form_data(story)
    data.update(
        {"related_picks-TOTAL_FORMS": "1", "related_picks-0-related": story.pk, "related_picks-0-position": "1"}
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200 and "cannot be related to itself" in response.content.decode()


def test_related_ids_leave_out_what_is_asked(desk):
    ids = related_ids(desk["story"], limit=10, exclude=[desk["both_tags"].pk])
    assert desk["both_tags"].pk not in ids and desk["one_tag"].pk in ids


@pytest.fixture
def pieces(settings):
    settings.FRAGMENT_CACHE_ENTRIES = 5000
    return settings


def test_a_warm_article_page_reads_no_related_query(client, desk, pieces, django_assert_num_queries):
    url = desk["story"].get_absolute_url()
    client.get(url)
    with django_assert_num_queries(1):  # the story's small row, as before "Related" existed
        response = client.get(url)
    assert "Opec weighs oil output cut" in texts(parse_ok(response), "section.related .card__title")


@pytest.mark.parametrize("change", ["unpublished", "retitled", "new story", "picked"])
def test_a_related_change_updates_the_kept_list(client, desk, pieces, change, django_capture_on_commit_callbacks):
    story = desk["story"]
    assert "Opec weighs oil output cut" in related_headlines(client, story)
    with django_capture_on_commit_callbacks(execute=True):
        if change == "unpublished":
            desk["both_tags"].status = Article.Status.UNPUBLISHED
            desk["both_tags"].save()
        elif change == "retitled":
            desk["both_tags"].headline = "Opec agrees deep output cut"
            desk["both_tags"].save()
        elif change == "new story":
            ArticleFactory(headline="Opec meets on oil again", tags=["Oil", "Opec"], publish_at=ago(minutes=5))
        else:
            RelatedStory.objects.create(article=story, related=desk["unrelated"], position=1)
    shown = related_headlines(client, story)
    expected = {
        "unpublished": lambda: "Opec weighs oil output cut" not in shown,
        "retitled": lambda: "Opec agrees deep output cut" in shown,
        "new story": lambda: shown[0] == "Opec meets on oil again",
        "picked": lambda: shown[0] == "Chip exports rise",
    }
    assert expected[change](), shown
