"""Template tags for what other sites read in a page's head: canonical URL,
Open Graph and Twitter tags, JSON-LD, feed links."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from articles import social
from articles.liveblog import selectors
from articles.liveblog.changes import stream_shown
from articles.liveblog.selectors import loaded_liveblog

register = template.Library()

DEFAULT_DESCRIPTION = "{site}: business, finance, banking and technology news."


def canonical(context):
    """The page's absolute address without tracking or other stray parameters.

    Only `?page=N` survives (past page 1), after the view's own cleaned
    parameters in `canonical_query` if it has any (search: the words, filters).
    """
    request = context.get("request")
    if request is None:
        return ""
    parts = [context["canonical_query"]] if context.get("canonical_query") else []
    page = request.GET.get("page", "").strip()
    if page.isdigit() and int(page) > 1:
        parts.append(urlencode({"page": int(page)}))
    query = f"?{'&'.join(parts)}" if parts else ""
    return request.build_absolute_uri(request.path) + query


@register.simple_tag(takes_context=True)
def canonical_url(context):
    return canonical(context)


@register.simple_tag
def json_ld(data):
    return social.json_ld(data) if data else ""


@register.simple_tag(takes_context=True)
def breadcrumb_ld(context, crumbs):
    request = context.get("request")
    return social.json_ld(social.breadcrumb_list(crumbs, request)) if crumbs and request else ""


@register.simple_tag(takes_context=True)
def article_ld(context, article):
    """NewsArticle (AdvertiserContentArticle, LiveBlogPosting) and, when there is a FAQ, FAQPage."""
    request = context.get("request")
    if request is None:
        return ""
    liveblog = loaded_liveblog(article)
    if liveblog is not None:
        stream = selectors.stream(article)
        stream_shown(request, article, stream)
        blocks = [social.json_ld(social.live_blog_posting(article, stream, request))]
    else:
        blocks = [social.json_ld(social.news_article(article, request))]
    faq = social.faq_page(article)
    if faq:
        blocks.append(social.json_ld(faq))
    return mark_safe("\n".join(blocks))  # noqa: S308 - each block built by format_html


@register.inclusion_tag("includes/social_meta.html", takes_context=True)
def social_meta(context, title="", description="", article=None, image=None, og_type="website"):
    """Open Graph and Twitter card tags; an article adds its dates, section, tags and picture."""
    request = context.get("request")
    if request is None:  # rendered outside a request (an email, a test): nothing to point at
        return {"skip": True}
    picture = social.social_image(image or (article.hero_image if article else None), request)
    return {
        "site_name": settings.SITE_NAME,
        "title": title or settings.SITE_NAME,
        "description": description or DEFAULT_DESCRIPTION.format(site=settings.SITE_NAME),
        "url": canonical(context),
        "og_type": "article" if article else og_type,
        "image": picture or social.site_card(request),
        "article": article,
        "published": social.iso(article.publish_at) if article else "",
        "modified": social.iso(article.updated_at if article.show_last_updated else article.publish_at)
        if article
        else "",
        "authors": [request.build_absolute_uri(a.get_absolute_url()) for a in article.authors.all()] if article else [],
        "tags": sorted(t.name for t in article.tags.all()) if article else [],
    }
