"""The banner as every page reads it (through the site's cached chrome), and when it changes by itself."""

from typing import NamedTuple

from django.db.models import F, IntegerField, Value
from django.utils import timezone

from articles.breaking.models import BreakingBanner

#: The release schedule's kind for a banner's moments (see `articles.selectors.release_schedule_build`).
RELEASE_KIND = 3


class Breaking(NamedTuple):
    """Plain, picklable data: the banner a page shows, with no query left to run."""

    #: What a reader's dismissal remembers: a new banner, or a Developing one turned Breaking, shows again.
    key: str
    kind: str
    label: str
    text: str
    url: str
    #: The story's section and slug, for the text-only edition's link to its own version of the story.
    section: str
    slug: str
    article_id: int
    expires_at: object  # an aware datetime

    def is_showing(self, now=None):
        return (now or timezone.now()) < self.expires_at


def breaking_current(now=None) -> Breaking | None:
    """The banner readers see now, or None: one query (cached with the chrome, `portal.selectors`)."""
    banner = (
        BreakingBanner.objects.current(now)
        .select_related("article__category")
        .only("kind", "text", "expires_at", "article__slug", "article__category__slug")
        .first()
    )
    if banner is None:
        return None
    return Breaking(
        key=f"{banner.pk}-{banner.kind}",
        kind=banner.kind,
        label=banner.get_kind_display(),
        text=banner.text,
        url=banner.article.get_absolute_url(),
        section=banner.article.category.slug,
        slug=banner.article.slug,
        article_id=banner.article_id,
        expires_at=banner.expires_at,
    )


def banner_moments(now, until):
    """Querysets of (kind, pk, time, None, None): when a banner appears or goes without anyone saving.

    It starts, it expires, or its story goes live or expires; each is a
    moment the chrome (and every page showing it) must be rendered again.
    Parts of the release schedule's one UNION query.
    """
    none = Value(None, output_field=IntegerField())
    kind = Value(RELEASE_KIND, output_field=IntegerField())
    waiting = BreakingBanner.objects.filter(expires_at__gt=now).order_by()
    parts = []
    for field in ("starts_at", "expires_at", "article__publish_at", "article__unpublish_at"):
        window = {f"{field}__gt": now, f"{field}__lte": until}
        parts.append(
            waiting.filter(**window)
            .annotate(release_kind=kind, moment=F(field), a=none, b=none)
            .values_list("release_kind", "pk", "moment", "a", "b")
        )
    return parts
