"""Template tags of live blogs (articles/liveblog): the "Live" badge, the stream on the article page, entry bodies."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.liveblog.selectors import loaded_liveblog, seconds_until_closes
from portal.web.fields import sponsored_links
from portal.web.pagecache import expires_within

register = template.Library()


@register.filter
def live_blog(article):
    """The article's live blog if it is one (loaded with its row: never a query), else None."""
    from articles.cards import full

    return loaded_liveblog(full(article)) if article is not None else None


@register.simple_tag(takes_context=True)
def live_badge(context, article, css_class="live-badge"):
    """ "Live" while the live blog is open; a live blog set to close later declares when the badge goes."""
    liveblog = live_blog(article)
    if liveblog is None or not liveblog.is_open:
        return ""
    expires_within(context.get("request"), seconds_until_closes(liveblog))
    return format_html('<span class="{}">Live</span> ', css_class)


@register.simple_tag(takes_context=True)
def liveblog_stream(context, article):
    """The live blog under the story: state, key events, the newest entries, and what the page's script polls."""
    from articles.liveblog.views import stream_context

    request = context.get("request")
    data = stream_context(request, article)
    liveblog = data["liveblog"]
    if liveblog.is_open:
        data["poll_url"] = reverse("liveblog:updates", kwargs={"section": article.category.slug, "slug": article.slug})
        data["poll_seconds"] = settings.LIVEBLOG_POLL_SECONDS
    return render_to_string("articles/liveblog/stream.html", data)


@register.filter
def entry_body(entry):
    """An entry's stored (sanitized) body; in a commercial live blog its links are rel="sponsored" too."""
    article = entry.article
    body = sponsored_links(entry.body) if article.is_commercial else entry.body
    return mark_safe(body or "")  # noqa: S308 - sanitized on save (RichTextField.pre_save)
