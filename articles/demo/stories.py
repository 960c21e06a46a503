"""The demo seeder's bookkeeping: which numbers are written, and clean, unique addresses for new ones."""

import re

from articles.forms import SLUG_LENGTH, slug_limit
from articles.models import Article, ArticleSlugRedirect, DemoStory

#: Demo sites seeded before DemoStory numbered their stories in the slug.
LEGACY_SLUG = re.compile(r"demo-(\d{5})-")


def demo_numbers():
    """Numbers of the demo stories written already (renamed ones included; deleted ones are gone)."""
    return set(DemoStory.objects.values_list("number", flat=True))


def adopt_legacy_stories():
    """Number the stories of a demo site seeded with demo-NNNNN- slugs, once, keeping their addresses.

    Without this the next run would write the demo all over again beside them.
    A legacy story an editor renamed is found through the redirect its old slug left.
    """
    if DemoStory.objects.exists() or not Article.objects.filter(slug__startswith="demo-").exists():
        return 0
    found = {}
    for old, article_id in ArticleSlugRedirect.objects.filter(old_slug__startswith="demo-").values_list(
        "old_slug", "article_id"
    ):
        if match := LEGACY_SLUG.match(old):
            found[int(match.group(1))] = article_id
    for slug, article_id in Article.objects.filter(slug__startswith="demo-").values_list("slug", "pk"):
        if match := LEGACY_SLUG.match(slug):
            found[int(match.group(1))] = article_id
    rows = [DemoStory(number=n, article_id=pk) for n, pk in found.items()]
    DemoStory.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def unique_slugs(candidates):
    """Each candidate slug cut to the house length on a word boundary, made unique with -2, -3...

    Unique against the stories stored, old addresses that redirect, and each
    other: a demo of 10,000 stories repeats headlines, as a real archive does.
    One round of two queries per repeat of the most repeated headline.
    """
    wanted = [slug_limit(slug) or "story" for slug in candidates]
    result, suffix, chosen = [None] * len(wanted), [1] * len(wanted), set()
    pending = range(len(wanted))
    while pending:
        names = {i: _suffixed(wanted[i], suffix[i]) for i in pending}
        taken = _taken(set(names.values()))
        waiting = []
        for i in pending:
            if names[i] in taken or names[i] in chosen:
                suffix[i] += 1
                waiting.append(i)
            else:
                chosen.add(names[i])
                result[i] = names[i]
        pending = waiting
    return result


def _suffixed(slug, n):
    return slug if n == 1 else f"{slug_limit(slug, SLUG_LENGTH - len(str(n)) - 1)}-{n}"


def _taken(slugs):
    taken = set(Article.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    return taken | set(ArticleSlugRedirect.objects.filter(old_slug__in=slugs).values_list("old_slug", flat=True))
