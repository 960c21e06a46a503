"""What the newsroom tells other sites about an article: social images and
structured data (schema.org JSON-LD). Plain data; templates and feeds render it."""

import json

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.models.images import rendition_url
from articles.video import embed_url, loaded_video

#: The og:image width social networks ask for.
SOCIAL_IMAGE_WIDTH = 1200
#: The publisher's logo for structured data (a raster: not every consumer reads SVG).
LOGO = ("img/logo-512.png", 512, 512)
#: The image shared for pages without one of their own (1200×630).
SITE_CARD = ("img/social-card.png", 1200, 630)

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def social_image(image, request):
    """The JPEG rendition nearest 1200 px wide (not wider), as absolute-URL data, or None."""
    if not image:
        return None
    by_width = {int(w): path for w, path in (image.renditions.get("jpeg") or {}).items()}
    if by_width:
        fitting = [w for w in by_width if w <= SOCIAL_IMAGE_WIDTH]
        width = max(fitting) if fitting else min(by_width)
        url = rendition_url(by_width[width])
        size = (image.renditions.get("bytes") or {}).get("jpeg", {}).get(str(width))
    else:
        width, url, size = image.width, image.file.url, None
    height = round(image.height * width / image.width) if image.width else None
    return {
        "url": request.build_absolute_uri(url),
        "width": width,
        "height": height,
        "alt": image.alt_text,
        "bytes": size,
    }


def site_card(request):
    path, width, height = SITE_CARD
    return {
        "url": request.build_absolute_uri(static(path)),
        "width": width,
        "height": height,
        "alt": settings.SITE_NAME,
    }


def iso(value):
    return timezone.localtime(value).replace(microsecond=0).isoformat() if value else None


def json_ld(data):
    """A <script type="application/ld+json"> block, escaped like json_script.

    No CSP nonce: a data block is never executed, so script-src does not
    apply to it (checked in Chromium by the browser tests), and a nonce
    baked into publicly cached HTML would be shared by every reader.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped


# --- schema.org builders --------------------------------------------------


def publisher(request):
    path, width, height = LOGO
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": request.build_absolute_uri(reverse("home")),
        "logo": {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(static(path)),
            "width": width,
            "height": height,
        },
    }


def breadcrumb_list(crumbs, request):
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": crumb.name, "item": request.build_absolute_uri(crumb.url)}
            for n, crumb in enumerate(crumbs, start=1)
        ],
    }


def article_type(article):
    """NewsArticle, or AdvertiserContentArticle for paid or promotional pieces.

    schema.org's AdvertiserContentArticle is "an article that an external
    entity has paid to place or to produce to its specifications": the
    honest type for anything a commercial disclosure labels. Search engines
    then never take it for the newsroom's own reporting.
    """
    return "AdvertiserContentArticle" if article.is_commercial else "NewsArticle"


def news_article(article, request):
    """NewsArticle data; needs authors and tags prefetched (no query)."""
    url = request.build_absolute_uri(article.get_absolute_url())
    modified = article.updated_at if article.show_last_updated else article.publish_at
    authors = [
        {"@type": "Person", "name": a.name, "url": request.build_absolute_uri(a.get_absolute_url())}
        for a in article.authors.all()
    ]
    if not authors and article.source:
        authors = [{"@type": "Organization", "name": article.source}]
    data = {
        "@context": "https://schema.org",
        "@type": article_type(article),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline,
        "description": article.summary,
        "datePublished": iso(article.publish_at),
        "dateModified": iso(modified),
        "author": authors,
        "publisher": publisher(request),
        "articleSection": article.category.name,
        "keywords": sorted(t.name for t in article.tags.all()),
        "isAccessibleForFree": True,
        "inLanguage": settings.LANGUAGE_CODE,
    }
    image = social_image(article.hero_image, request)
    if image:
        data["image"] = [
            {"@type": "ImageObject", "url": image["url"], "width": image["width"], "height": image["height"]}
        ]
    if article.source and article.authors.all():
        data["sourceOrganization"] = {"@type": "Organization", "name": article.source}
    video = video_object(article, request)
    if video:
        data["video"] = video
    disclosures = article.effective_disclosures
    if disclosures:
        # "backstory": why and how the piece was made; the disclosure readers see.
        data["backstory"] = " ".join(f"{d['label']}: {d['explanation']}" for d in disclosures)
    return data


def faq_page(article):
    """FAQPage data from the article's FAQ (the `faq_list` annotation), or None."""
    items = getattr(article, "faq_list", None) or []
    if not items:
        return None
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": i["question"], "acceptedAnswer": {"@type": "Answer", "text": i["answer"]}}
            for i in items
        ],
    }


def video_object(article, request):
    """VideoObject data for a video story (needs `video__poster` loaded), or None."""
    video = loaded_video(article)
    if video is None:
        return None
    data = {
        "@type": "VideoObject",
        "name": article.headline,
        "description": article.summary,
        "thumbnailUrl": [request.build_absolute_uri(video.poster.fallback_url(SOCIAL_IMAGE_WIDTH))],
        "uploadDate": iso(article.publish_at),
        "duration": video.iso_duration or None,
    }
    if video.is_embed:
        # The player without autoplay: what a search engine may embed.
        data["embedUrl"] = embed_url(video.kind, video.video_id, autoplay=False)
    else:
        data["contentUrl"] = request.build_absolute_uri(video.file.url)
    return {key: value for key, value in data.items() if value}
