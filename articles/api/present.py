"""Rows as the read API shows them: plain dicts in the shapes of `schemas`, with absolute addresses.

Only loaded data is read here (never a query): the querysets in `queries`
load what these need.
"""

from django.urls import reverse

from articles.credentials.vocabulary import IPTC_SOURCE_TYPE_BASE
from articles.templatetags.newsroom import article_body
from articles.trustlabels.models import picture_source_type


def image(request, picture):
    if picture is None:
        return None
    absolute = request.build_absolute_uri
    return {
        "url": absolute(picture.file.url),
        "width": picture.width,
        "height": picture.height,
        "alt_text": picture.alt_text,
        "caption": picture.caption,
        "credit": picture.credit,
        "digital_source_type": IPTC_SOURCE_TYPE_BASE + term if (term := picture_source_type(picture)) else "",
        "renditions": {
            fmt: [{"url": absolute(url), "width": width} for url, width in picture.sources(fmt)]
            for fmt in ("webp", "jpeg")
        },
    }


def section_ref(request, section):
    return {
        "id": section.pk,
        "slug": section.slug,
        "name": section.name,
        "url": request.build_absolute_uri(section.get_absolute_url()),
    }


def section(request, row):
    return {
        **section_ref(request, row),
        "description": row.description,
        "parent_id": row.parent_id,
        "in_navigation": row.show_in_navigation,
    }


def author_ref(request, author):
    return {
        "id": author.pk,
        "slug": author.slug,
        "name": author.name,
        "url": request.build_absolute_uri(author.get_absolute_url()),
    }


def author(request, row):
    return {**author_ref(request, row), "bio": row.bio, "photo": image(request, row.photo)}


def tag_ref(request, tag):
    url = reverse("articles:tag", kwargs={"slug": tag.slug})
    return {"slug": tag.slug, "name": tag.name, "url": request.build_absolute_uri(url)}


def tag(request, row):
    return {**tag_ref(request, row), "article_count": row.article_count}


def article(request, row):
    """The object every list and the detail share: the story's card, byline, labels and dates."""
    return {
        "id": row.pk,
        "url": request.build_absolute_uri(row.get_absolute_url()),
        "slug": row.slug,
        "headline": row.headline,
        "summary": row.summary,
        "section": section_ref(request, row.category),
        "byline": row.byline,
        "authors": [author_ref(request, a) for a in row.authors.all()],
        "source": row.source,
        "tags": [tag_ref(request, t) for t in row.tags.all()],
        "published_at": row.publish_at,
        "updated_at": row.updated_at if row.show_last_updated else None,
        "modified_at": row.modified_at,
        "reading_minutes": row.reading_minutes,
        "hero_image": image(request, row.hero_image),
        "is_commercial": row.is_commercial,
        "disclosures": row.effective_disclosures,
        "type_of_work": type_of_work(row),
        "ai_use": ai_use(request, row),
    }


def type_of_work(row):
    kind = row.type_of_work
    return {"key": kind.key, "label": kind.label, "explanation": kind.explanation, "schema_type": kind.schema_type}


def ai_use(request, row):
    ai = row.ai_disclosure
    if ai is None:
        return None
    reviewer = ai["reviewer"]
    return {
        "text": ai["text"],
        "picture": ai["picture"],
        "label": ai["short"],
        "summary": ai["summary"],
        "reviewed_by": author_ref(request, reviewer) if reviewer is not None else None,
    }


def article_detail(request, row):
    return {
        **article(request, row),
        # The page's own rendering of the body: sanitized at save, rel="sponsored" on commercial links;
        # pictures as plain figures with absolute addresses, embeds as links to the original.
        "body_html": str(article_body(row, dateline=False, mode="plain")),
        "takeaways": [{"text": item["text"]} for item in row.takeaway_list or ()],
        "faq": [{"question": item["question"], "answer": item["answer"]} for item in row.faq_list or ()],
        "corrections": [
            {"kind": item["kind"], "published_at": item["published_at"], "text": item["text"]}
            for item in row.corrections_for_display
        ],
    }
