"""Side effects of the newsroom: renditions, the search index, disclosure and update records."""

import reversion
from django.utils import timezone

from articles.images import make_renditions
from articles.models import Article, ArticleUpdate, Correction, DisclosureChange, Image, KeyTakeaway, UpdateRevision
from articles.search import index as search_index
from portal.web import changes


def image_refresh_renditions(*, image: Image) -> Image:
    """Make the image's renditions and record them on the row."""
    renditions = make_renditions(image)
    image.width, image.height = renditions.pop("size")
    image.source_credentials = renditions.pop("source_credentials")
    image.credentials = renditions.pop("credentials")
    image.renditions = renditions
    # update() sends no model signals, so the new renditions are announced here.
    Image.objects.filter(pk=image.pk).update(
        renditions=renditions,
        width=image.width,
        height=image.height,
        source_credentials=image.source_credentials,
        credentials=image.credentials,
    )
    changes.announce(f"image-{image.pk}")
    return image


def search_index_update(*, article_ids=None, stale_only=False, progress=None) -> int:
    """Recompute the search vectors of these articles (all when None); PostgreSQL only.

    Call it after changing an article, its tags or its byline outside the
    admin (the admin calls it itself); bulk writers call it once at the end.
    """
    return search_index.refresh(article_ids, stale_only=stale_only, progress=progress)


def effective_disclosure_ids(*, explicit_ids, category, use_section_disclosure) -> set[int]:
    """The disclosure ids readers would see for these choices."""
    ids = set(explicit_ids)
    if use_section_disclosure and category is not None and category.default_disclosure_id:
        ids.add(category.default_disclosure_id)
    return ids


def article_disclosure_ids(article) -> set[int]:
    return effective_disclosure_ids(
        explicit_ids=article.disclosures.values_list("pk", flat=True),
        category=article.category,
        use_section_disclosure=article.use_section_disclosure,
    )


def article_disclosures_record(*, article, before, after, user=None, reason="") -> list[DisclosureChange]:
    """Write an audit row for each disclosure readers gain or lose on this article."""
    rows = [
        DisclosureChange(article=article, disclosure_id=pk, action=action, user=user, reason=reason)
        for action, ids in (
            (DisclosureChange.Action.ADDED, after - before),
            (DisclosureChange.Action.REMOVED, before - after),
        )
        for pk in sorted(ids)
    ]
    return DisclosureChange.objects.bulk_create(rows)


def article_record_update(*, article, user=None, note="", at=None) -> ArticleUpdate:
    """Move “Last updated” and keep the update in the article's history."""
    at = at or timezone.now()
    # update() sends no model signals; the ArticleUpdate row created below announces the article.
    Article.objects.filter(pk=article.pk).update(updated_at=at)
    article.updated_at = at
    update = ArticleUpdate.objects.create(article=article, updated_at=at, note=note[:300], user=user)
    if reversion.is_active():
        # The revision this save makes is the version readers see from now on: "What changed" shows it.
        reversion.add_meta(UpdateRevision, update=update)
    return update


def article_edit_record(
    *, article, user, disclosures_before, disclosure_reason="", corrections_added=(), substantive=False, note=""
) -> None:
    """Everything an editor's save of an article records once its related rows are saved.

    The disclosure audit (what readers gained or lost), an entry in the
    update history when a correction was added or the editor marked the
    change substantive ("Last updated" moves), and the search vector (tags
    and bylines are part of it, so it runs last).
    """
    article_disclosures_record(
        article=article,
        before=disclosures_before,
        after=article_disclosure_ids(article),
        user=user,
        reason=disclosure_reason,
    )
    if corrections_added:
        note = "; ".join(f"{c.get_kind_display()}: {c.text}" for c in corrections_added)
        update = article_record_update(article=article, user=user, note=note)
        Correction.objects.filter(pk__in=[c.pk for c in corrections_added]).update(update=update)
    elif substantive:
        article_record_update(article=article, user=user, note=note)
    search_index_update(article_ids=[article.pk])


def article_takeaways_set(*, article, lines) -> None:
    """Make the article's key takeaways exactly `lines`, in order, reusing rows (revisions diff them)."""
    rows = list(article.takeaways.order_by("position", "pk"))
    for position, (row, text) in enumerate(zip(rows, lines, strict=False)):
        if (row.position, row.text) != (position, text):
            row.position, row.text = position, text
            row.save(update_fields=["position", "text"])
    for row in rows[len(lines) :]:
        row.delete()
    for position, text in enumerate(lines[len(rows) :], start=len(rows)):
        KeyTakeaway.objects.create(article=article, position=position, text=text)
