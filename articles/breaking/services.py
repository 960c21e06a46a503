"""Putting up and taking down the breaking banner (its save announces the change: `articles.changes`)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from articles.breaking.models import BreakingBanner


def banner_from_article(*, article, user, kind=BreakingBanner.Kind.BREAKING, hours=None) -> BreakingBanner:
    """A banner for `article` from now (or from when the story goes live) for BREAKING_BANNER_HOURS.

    The one-click banner of a wire flash: its text is the headline, which
    the editor may shorten afterwards. A story still scheduled (or under
    embargo) gets its banner from its publish time, so the banner's hours
    are all spent with the story live.
    """
    now = timezone.now()
    starts = article.publish_at if article.publish_at and article.publish_at > now else now
    hours = settings.BREAKING_BANNER_HOURS if hours is None else hours
    return BreakingBanner.objects.create(
        kind=kind,
        text=article.headline[: BreakingBanner._meta.get_field("text").max_length],
        article=article,
        starts_at=starts,
        expires_at=starts + timedelta(hours=hours),
        created_by=user if user is not None and user.is_authenticated else None,
    )


def banner_end(*, banner) -> BreakingBanner:
    """Take the banner down now, from every page (it stays in the list as a record)."""
    now = timezone.now()
    if banner.expires_at > now:
        banner.expires_at = max(now, banner.starts_at + timedelta(microseconds=1))
        banner.save(update_fields=["expires_at", "updated_at"])
    return banner
