"""What the newsroom tells other sites about an article: social images and
structured data (schema.org JSON-LD). Plain data; templates and feeds render it."""

import json
from datetime import datetime

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

from articles.models.images import rendition_url
from articles.sources.selectors import citations
from articles.trustlabels.models import picture_source_type
from articles.trustlabels.vocabulary import DRAFTED_SOURCE_TYPE, AIUse, schema_source_type
from articles.video.media import embed_url, loaded_video

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
    social = image.renditions.get("social")
    if social:  # the editor's own crop for social cards (Image.crops["social"])
        return {
            "url": request.build_absolute_uri(rendition_url(social["jpeg"])),
            "width": social["width"],
            "height": social["height"],
            "alt": image.alt_text,
            "bytes": social.get("bytes"),
        }
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
    """The schema.org type of the article's type of work (ReportageNewsArticle, OpinionNewsArticle, ...).

    Paid or promotional pieces stay AdvertiserContentArticle, "an article
    that an external entity has paid to place or to produce to its
    specifications", whatever their type underneath: search engines then
    never take them for the newsroom's own reporting.
    """
    return article.type_of_work.schema_type


def image_ld(article, image):
    """The hero picture as an ImageObject, with its IPTC digital source type when it is known."""
    data = {"@type": "ImageObject", "url": image["url"], "width": image["width"], "height": image["height"]}
    term = picture_source_type(article.hero_image)
    if term:
        data["digitalSourceType"] = schema_source_type(term)
    return data


def trust_labels_ld(article, data, request):
    """Add the type of work's and the AI use's properties to an article's data."""
    kind = article.type_of_work
    if not kind.is_commercial:
        data["genre"] = kind.label
    if kind.schema_type == "ReviewNewsArticle" and article.reviewed_item:
        data["itemReviewed"] = {"@type": "Thing", "name": article.reviewed_item}
    ai = article.ai_disclosure
    if ai is None:
        return data
    if ai["text"] == AIUse.DRAFTED:
        data["digitalSourceType"] = schema_source_type(DRAFTED_SOURCE_TYPE)
    if ai["reviewer"] is not None:
        reviewer = ai["reviewer"]
        data["editor"] = {
            "@type": "Person",
            "name": reviewer.name,
            "url": request.build_absolute_uri(reviewer.get_absolute_url()),
        }
    data["backstory"] = " ".join(filter(None, [data.get("backstory", ""), f"AI use: {ai['summary']}"]))
    return data


def news_article(article, request):
    """NewsArticle data; needs authors and tags prefetched (no query)."""
    url = request.build_absolute_uri(article.get_absolute_url())
    modified = article.updated_at if article.show_last_updated else article.publish_at
    authors = [
        {"@type": "Person", "name": a.name, "url": request.build_absolute_uri(a.get_absolute_url())}
        | ({"jobTitle": article.author_role(a) or a.role} if article.author_role(a) or a.role else {})
        for a in article.authors.all()
    ]
    if not authors and article.source:
        authors = [{"@type": "Organization", "name": article.source}]
    if not authors:  # no byline: the site publishes it under its own name (search engines require an author)
        home = request.build_absolute_uri(reverse("home"))
        authors = [{"@type": "Organization", "name": settings.SITE_NAME, "url": home}]
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
        data["image"] = [image_ld(article, image)]
    if article.source and article.authors.all():
        data["sourceOrganization"] = {"@type": "Organization", "name": article.source}
    video = video_object(article, request)
    if video:
        data["video"] = video
    corrections = corrections_ld(article, request)
    if corrections:
        data["correction"] = corrections
    cited = citations(article)
    if cited:
        data["citation"] = cited
    disclosures = article.effective_disclosures
    if disclosures:
        # "backstory": why and how the piece was made; the disclosure readers see.
        data["backstory"] = " ".join(f"{d['label']}: {d['explanation']}" for d in disclosures)
    return trust_labels_ld(article, data, request)


def live_blog_posting(article, stream, request):
    """LiveBlogPosting data: the story's NewsArticle data, its coverage times and the updates the page shows.

    A commercial live blog keeps the AdvertiserContentArticle type (see `article_type`): honesty before badges.
    """
    data = news_article(article, request)
    liveblog = stream.liveblog
    if data["@type"] != "AdvertiserContentArticle":  # the type of work stays in `genre`
        data["@type"] = "LiveBlogPosting"
    data["coverageStartTime"] = iso(liveblog.started_at)
    if liveblog.ended_at:
        data["coverageEndTime"] = iso(liveblog.ended_at)
    newest = stream.newest
    if newest and (data["dateModified"] is None or newest > parse_iso(data["dateModified"])):
        data["dateModified"] = iso(newest)
    page = data["url"]
    data["liveBlogUpdate"] = [
        {
            "@type": "BlogPosting",
            "headline": entry.label[:110],
            "url": f"{page}#{entry.anchor}",
            "datePublished": iso(entry.published_at),
            "dateModified": iso(entry.updated_at if entry.show_updated else entry.published_at),
            "articleBody": strip_tags(entry.body),
        }
        | ({"author": {"@type": "Person", "name": entry.author.name}} if entry.author_id and entry.author else {})
        for entry in sorted(stream.all_shown, key=lambda entry: entry.published_at, reverse=True)
    ]
    return data


def parse_iso(text):
    return datetime.fromisoformat(text)


def corrections_ld(article, request):
    """CorrectionComment data of the article's corrections (the `correction_list` annotation, no query)."""
    items = article.corrections_for_display
    if not items:
        return []
    history = request.build_absolute_uri(
        reverse("articles:history", kwargs={"section": article.category.slug, "slug": article.slug})
    )
    return [
        {
            "@type": "CorrectionComment",
            "text": f"{item['kind_label']}: {item['text']}",
            "datePublished": iso(item["published_at"]),
            "url": f"{history}#correction-{item['id']}",
        }
        for item in items
    ]


def person_ld(author, request):
    """Person data of an author page: role (jobTitle), expertise (knowsAbout), other profiles (sameAs), photo."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": author.name,
        "url": request.build_absolute_uri(author.get_absolute_url()),
        "jobTitle": author.role,
        "knowsAbout": author.expertise_list,
        "description": author.bio,
        "hasCredential": [
            {"@type": "EducationalOccupationalCredential", "name": line} for line in author.credential_list
        ],
        "email": f"mailto:{author.contact_email}" if author.contact_email else "",
        "sameAs": author.profile_links,
        "worksFor": {"@type": "NewsMediaOrganization", "name": settings.SITE_NAME},
    }
    photo = social_image(author.photo, request)
    if photo:
        data["image"] = {"@type": "ImageObject", "url": photo["url"], "caption": photo["alt"]}
    return {key: value for key, value in data.items() if value}


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


def publication_ld(request, publication, kind, **extra):
    """schema.org data of an issue or report: name, date, cover, and the PDF as an encoding."""
    absolute = request.build_absolute_uri
    data = {
        "@context": "https://schema.org",
        "@type": kind,
        "name": publication.title,
        "url": absolute(publication.get_absolute_url()),
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        **extra,
    }
    image = social_image(publication.cover, request)
    if image:
        data["image"] = image["url"]
    if publication.pdf:
        data["encoding"] = {
            "@type": "MediaObject",
            "encodingFormat": "application/pdf",
            "contentUrl": absolute(publication.get_pdf_url()),
        }
    return data


def site_ld(request, *, principles_url, policies=()):
    """The home page's data: the publisher (NewsMediaOrganization) and the site with its search box (WebSite).

    `policies` are (schema.org property, path) of the publisher's policy
    pages (publishingPrinciples, correctionsPolicy, ethicsPolicy, masthead,
    ownershipFundingInfo, actionableFeedbackPolicy); without their own page,
    the principles fall back to `principles_url` and the corrections policy
    to the corrections archive.
    """
    home = request.build_absolute_uri(reverse("home"))
    organization = {
        "@context": "https://schema.org",
        **publisher(request),
        "description": f"{settings.SITE_NAME}: business, finance, banking and technology news.",
        "legalName": settings.PUBLISHER_NAME,
        "correctionsPolicy": request.build_absolute_uri(reverse("articles:corrections")),
        "publishingPrinciples": request.build_absolute_uri(principles_url),
        **{prop: request.build_absolute_uri(path) for prop, path in policies},
    }
    search = request.build_absolute_uri(reverse("articles:search"))
    website = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": home,
        "publisher": {"@type": "NewsMediaOrganization", "name": settings.SITE_NAME, "url": home},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
    return [organization, website]
