"""POST data for the article change form, built from an article (for raw-POST tests)."""

from django.utils import timezone


def change_form_data(article, **overrides):
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
        "status": article.status,
        "publish_at_0": local.strftime("%Y-%m-%d") if local else "",
        "publish_at_1": local.strftime("%H:%M:%S") if local else "",
        "opened_version": article.modified_at.isoformat(),
        "use_section_disclosure": "on" if article.use_section_disclosure else "",
        "disclosures": [d.pk for d in article.disclosures.all()],
    }
    for prefix in ("takeaways", "faqs", "corrections", "video"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    if article.is_top_story:
        data["is_top_story"] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
