"""Template tags for article pages and cards."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.fields import sponsored_links

register = template.Library()


@register.simple_tag
def picture(image, sizes="100vw", loading="lazy", css_class="", max_width=None, fetchpriority=""):
    """A responsive <picture>: WebP sources with a JPEG fallback, from the
    renditions made at upload, with width/height so the layout never jumps."""
    if not image:
        return ""
    webp = image.srcset("webp")
    jpeg = image.srcset("jpeg")
    source = format_html('<source type="image/webp" srcset="{}" sizes="{}">', webp, sizes) if webp else ""
    extra = format_html(' fetchpriority="{}"', fetchpriority) if fetchpriority else ""
    return format_html(
        '<picture>{}<img src="{}"{} sizes="{}" width="{}" height="{}" alt="{}" loading="{}" decoding="async"{}{}>'
        "</picture>",
        source,
        image.fallback_url(max_width),
        format_html(' srcset="{}"', jpeg) if jpeg else "",
        sizes,
        image.width,
        image.height,
        image.alt_text,
        loading,
        format_html(' class="{}"', css_class) if css_class else "",
        extra,
    )


@register.inclusion_tag("includes/disclosure.html")
def disclosure(article, style="card"):
    """The disclosure label(s) of an article, wherever the article appears.

    style "card": the short labels; "full": labels, explanations and policy
    links for the top of the article page. Feeds and emails use the same data
    (`Article.effective_disclosures`).
    """
    return {"items": article.effective_disclosures, "style": style}


@register.filter
def article_body(article):
    """The stored (already sanitized) body; commercial pieces get rel="sponsored" links."""
    if article.is_commercial:
        return mark_safe(sponsored_links(article.body))  # noqa: S308 - cleaned by nh3 just now
    return mark_safe(article.body)  # noqa: S308 - sanitized with nh3 when it was saved


@register.filter
def iso(value):
    """A machine-readable time for <time datetime>: ISO 8601 to the second.

    Django's "c" format keeps microseconds, which the HTML spec does not allow.
    """
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()
