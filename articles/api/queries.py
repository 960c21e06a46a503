"""What each read API endpoint reads: published content only, in a fixed number of queries.

Every article query starts from `Article.objects.published()` (status
published, publish time come, not expired), so drafts, articles in review,
scheduled and embargoed stories (an embargo is a publish time in the
future) never reach the API, whatever the filters.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from taggit.models import Tag

from articles.api.pagination import in_range
from articles.expressions import JSONList
from articles.models import (
    Article,
    Author,
    Category,
    Correction,
    FrequentlyAskedQuestion,
    KeyTakeaway,
    published_q,
)
from portal.web import changes

BYLINES = Prefetch("authors", queryset=Author.objects.only("name", "slug", "role"))


def articles_listed():
    """Article objects without their body: the card's row, its labels, bylines and tags (three queries)."""
    return Article.objects.published().for_cards().prefetch_related(BYLINES, "tags").newest_first()


def article_detail(pk):
    """One published article with its body and child lists folded into its row (three queries)."""
    mine = {"article": OuterRef("pk")}
    found = (
        Article.objects.published()
        .select_related("category__default_disclosure", "hero_image", "ai_reviewed_by")
        .with_disclosures()
        .annotate(
            takeaway_list=JSONList(KeyTakeaway.objects.filter(**mine), text="text"),
            faq_list=JSONList(FrequentlyAskedQuestion.objects.filter(**mine), question="question", answer="answer"),
            correction_list=JSONList(
                Correction.objects.filter(**mine), kind="kind", published_at="published_at", text="text"
            ),
        )
        .prefetch_related(BYLINES, "tags")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404(f"No published article has the id {pk}.")
    return found


def articles_filtered(*, section=None, tag=None, author=None, updated_since=None):
    """(queryset, the surrogate keys of the lists it is) for the article list's filters; 404 for unknown slugs."""
    articles, keys = articles_listed(), set()
    if section:
        subject = Category.objects.filter(slug=section).first()
        if subject is None:
            raise Http404(f"No section has the slug “{section}”. GET /api/v1/sections lists them.")
        # As on the section page: a parent section lists its sub-sections' stories too.
        ids = [subject.pk, *Category.objects.filter(parent=subject).values_list("pk", flat=True)]
        articles = articles.filter(category_id__in=ids)
        keys |= {f"section-{subject.pk}", *(f"list-section-{pk}" for pk in ids)}
    if tag:
        subject = Tag.objects.filter(slug=tag).first()
        if subject is None:
            raise Http404(f"No tag has the slug “{tag}”. GET /api/v1/tags lists them.")
        articles = articles.filter(taggedarticle__tag=subject)
        keys |= {f"tag-{subject.pk}", f"list-tag-{subject.pk}"}
    if author:
        subject = Author.objects.filter(slug=author).first()
        if subject is None:
            raise Http404(f"No author has the slug “{author}”. GET /api/v1/authors lists them.")
        articles = articles.filter(authors=subject)
        keys |= {f"author-{subject.pk}", f"list-author-{subject.pk}"}
    if updated_since is not None:
        since = in_range(updated_since, "updated_since")
        # Published, edited or marked updated since then: a story scheduled long ago counts from when it went live.
        articles = articles.filter(Q(publish_at__gte=since) | Q(modified_at__gte=since) | Q(updated_at__gte=since))
        keys.add(changes.LISTINGS)  # any edit of any live story may add it to this list
    if not (section or tag or author):
        keys.add(changes.LISTINGS)
    return articles, keys


def sections():
    return Category.objects.order_by("navigation_order", "name", "pk")


def tags_live():
    """Tags that at least one published story carries, with how many, in slug order."""
    live = published_q("articles_taggedarticle_items__content_object__")
    counted = Tag.objects.annotate(article_count=Count("articles_taggedarticle_items", filter=live))
    return counted.filter(article_count__gt=0).order_by("slug")


def authors_live():
    """Authors credited on at least one published story (a byline on a draft is not public yet), in slug order."""
    credited = Article.objects.published().filter(authors=OuterRef("pk"))
    return Author.objects.filter(Exists(credited)).select_related("photo").order_by("slug")
