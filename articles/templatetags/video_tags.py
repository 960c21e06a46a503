"""Template tags for video stories: the player on the article page, the mark on cards."""

from django import template

from articles.cards import full
from articles.video.media import loaded_video

register = template.Library()

#: The poster is drawn at most this wide on the article page (the column's width at 2x).
POSTER_MAX_WIDTH = 1280


@register.filter
def card_video(article):
    """The article's video if the queryset loaded it (`for_cards()`); never a query."""
    return loaded_video(full(article))


@register.inclusion_tag("articles/includes/video_player.html")
def video_player(article):
    """The video at the top of a story: a native player, or a click-to-load embed."""
    video = card_video(article)
    if video is None:
        return {"video": None}
    poster = video.poster
    label = ", ".join(part for part in (article.headline, video.duration_display) if part)
    return {
        "video": video,
        "poster": poster,
        "poster_url": poster.fallback_url(POSTER_MAX_WIDTH),
        "poster_webp": poster.srcset("webp"),
        "poster_jpeg": poster.srcset("jpeg"),
        "sizes": "(min-width: 50rem) 48rem, 100vw",
        "play_label": f"Play video: {label}",
        "watch_label": f"Watch on {video.provider_name}: {label}",
        "player_title": f"Video: {article.headline}",
    }
