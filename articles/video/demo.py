"""Demo video stories: a few stories of the Videos section carry a YouTube or
Vimeo video, each with a generated local poster (no downloads)."""

from django.utils import timezone

from articles.demo.pictures import chart_picture
from articles.models import Article, ArticleVideo, Category
from portal.web import changes

#: Openly licensed films (Blender Foundation, CC BY) on YouTube and Vimeo stand in for the
#: newsroom's own footage: (address, running time in seconds, caption as an editor writes it).
#: The credit names the films, so nobody takes them for reporting. Demo content only.
DEMO_VIDEOS = [
    ("https://www.youtube.com/watch?v=aqz-KE-bpKQ", 634, "Explainer: how a rate cut reaches your mortgage."),
    ("https://www.youtube.com/watch?v=eRsGyueVLvQ", 888, "Interview: a fund manager on where markets go next."),
    ("https://vimeo.com/76979871", 62, "The trading day in sixty seconds."),
    ("https://www.youtube.com/watch?v=R6MlUcmOul8", 734, "Documentary: inside a clearing house on its busiest day."),
]
CREDIT = "Demo footage: Blender Foundation films (CC BY)"
#: The credit of sites seeded before: their videos are demo videos too (seeded once).
CREDITS = (CREDIT, "Demo video (Blender Foundation, CC BY)")
SECTION = "videos"


def seed_videos(save_picture):
    """Give the newest published demo stories of the Videos section a video; idempotent.

    Runs once: when any demo video exists nothing is written (one query),
    so a video an editor removed or changed stays as the editor left it.
    """
    if ArticleVideo.objects.filter(credit__in=CREDITS).exists():
        return 0
    section = Category.objects.filter(slug=SECTION).first()
    if section is None:
        return 0
    if not ArticleVideo.objects.exists():
        # First video stories on this site: the Videos section collects them all.
        # update() sends no model signals: announce it.
        Category.objects.filter(pk=section.pk).update(collects_videos=True)
        changes.announce(f"section-{section.pk}", f"list-section-{section.pk}")
    stories = list(
        Article.objects.filter(category=section, demo_story__isnull=False, video__isnull=True)
        .published()
        .newest_first()[: len(DEMO_VIDEOS)]
    )
    for index, (article, (url, seconds, caption)) in enumerate(zip(stories, DEMO_VIDEOS, strict=False)):
        poster = save_picture(
            chart_picture(900 + index, "Video", label_at="top"), f"Poster of the video “{article.headline}”"
        )
        video = ArticleVideo(article=article, url=url, poster=poster, duration=seconds, caption=caption, credit=CREDIT)
        video.full_clean()
        video.save()
        # The poster is the card's picture too, so the story reads as a video everywhere.
        # update() sends no signals; the video's save just above announced the article.
        Article.objects.filter(pk=article.pk).update(hero_image=poster, modified_at=timezone.now())
    return len(stories)
