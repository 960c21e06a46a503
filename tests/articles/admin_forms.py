"""POST data for the admin's article form (add and change pages), for raw-POST tests.

The form has inlines (takeaways, FAQ, corrections, video); Django refuses a
POST that lacks any of their management forms, so both builders send them all.
"""

from django.utils import timezone

#: The article form's inline formsets, by prefix.
INLINES = ("faqs", "corrections", "video", "liveblog", "sources_note", "source_links", "related_picks")


def management_forms(**rows):
    """TOTAL_FORMS/INITIAL_FORMS of every inline: no rows unless `rows` says so (faqs=1)."""
    unknown = set(rows) - set(INLINES)
    assert not unknown, f"not an inline of the article form: {sorted(unknown)}"
    data = {}
    for prefix in INLINES:
        data[f"{prefix}-TOTAL_FORMS"] = str(rows.get(prefix, 0))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


def _finish(data, overrides):
    """Apply the overrides; a None value leaves the field out."""
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def article_form(section, author, image, **overrides):
    """A complete new story in `section`, published now with the publish control: one takeaway, one FAQ entry."""
    data = {
        "headline": "Central bank holds rates",
        "slug": "central-bank-holds-rates",
        "category": section.pk,
        "authors": [author.pk],
        "source": "Reuters",
        "summary": "The bank kept rates on hold.",
        "body": "<p>The bank kept rates <strong>unchanged</strong>.</p><script>x()</script>",
        "hero_image": image.pk,
        "tags": "Interest rates, Central banks",
        "_workflow": "approve",
        "publish_at_0": "",
        "publish_at_1": "",
        "is_top_story": "on",
        **management_forms(faqs=1),
        "takeaways_text": "Rates are unchanged.",
        "faqs-0-position": "0",
        "faqs-0-question": "Will rates fall?",
        "faqs-0-answer": "Not this month.",
        "use_section_disclosure": "on",
    }
    return _finish(data, overrides)


def change_form_data(article, **overrides):
    """What the change form posts for `article` as it is now (no inline rows)."""
    local = timezone.localtime(article.publish_at) if article.publish_at else None
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "category": article.category_id,
        "authors": [a.pk for a in article.authors.all()],
        "source": article.source,
        "summary": article.summary,
        "body": article.body,
        "hero_image": article.hero_image_id or "",
        "tags": ", ".join(t.name for t in article.tags.all()),
        "takeaways_text": "\n".join(t.text for t in article.takeaways.all()),
        "publish_at_0": local.strftime("%Y-%m-%d") if local else "",
        "publish_at_1": local.strftime("%H:%M:%S") if local else "",
        "opened_version": article.modified_at.isoformat(),
        "use_section_disclosure": "on" if article.use_section_disclosure else "",
        "disclosures": [d.pk for d in article.disclosures.all()],
        "work_type": article.work_type,
        "byline_role": article.byline_role,
        "reviewed_item": article.reviewed_item,
        "ai_use": article.ai_use,
        "ai_note": article.ai_note,
        "ai_reviewed_by": article.ai_reviewed_by_id or "",
        **management_forms(),
    }
    if article.is_top_story:
        data["is_top_story"] = "on"
    return _finish(data, overrides)
