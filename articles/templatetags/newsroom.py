"""Template tags for article pages and cards."""

from django import template
from django.utils.html import format_html

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
