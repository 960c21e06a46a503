"""The demo's video stories (articles/video/demo.py through seed_demo)."""

import pytest
from django.core.management import call_command

from articles.models import ArticleVideo, Category
from articles.video.demo import CREDIT

pytestmark = [pytest.mark.django_db, pytest.mark.media]


def test_seed_demo_gives_the_videos_section_video_stories_once(client):
    call_command("seed_demo", articles=40, verbosity=0)
    videos = Category.objects.get(slug="videos")
    assert videos.collects_videos
    made = list(ArticleVideo.objects.select_related("article", "poster"))
    assert 1 <= len(made) <= 4
    for item in made:
        assert item.credit == CREDIT and item.is_embed and item.video_id and item.duration
        assert item.article.category == videos and item.article.is_live
        assert item.poster.renditions["jpeg"] and item.article.hero_image_id == item.poster_id
    count = ArticleVideo.objects.count()

    # An editor removes one: a second run leaves the site as the editor left it.
    made[0].delete()
    call_command("seed_demo", articles=40, verbosity=0)
    assert ArticleVideo.objects.count() == count - 1

    page = client.get(videos.get_absolute_url()).content.decode()
    assert page.count("card--video") == count - 1
    story = client.get(made[-1].article.get_absolute_url()).content.decode()
    assert 'class="video__play"' in story


def test_an_editor_who_unticks_the_flag_keeps_it_unticked():
    call_command("seed_demo", articles=40, verbosity=0)
    Category.objects.filter(slug="videos").update(collects_videos=False)
    call_command("seed_demo", articles=40, verbosity=0)
    assert not Category.objects.get(slug="videos").collects_videos
