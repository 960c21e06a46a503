"""Template tags for article pages and cards."""

import html
import re

from django import template
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

from articles.body.render import embeds, has_placeholders, image_ids, render_body
from articles.body.sanitize import clean_body
from articles.credentials.reading import claims_in_words
from articles.trustlabels.labels import policy_url, type_policy_url
from portal.web.pagecache import fragments

register = template.Library()

CARD_TEMPLATE = "includes/article_card.html"


@register.simple_tag
def picture(image, sizes="100vw", loading="lazy", css_class="", max_width=None, fetchpriority=""):
    """A responsive <picture>: WebP sources with a JPEG fallback, from the
    renditions made at upload, with width/height so the layout never jumps."""
    if not image:
        return ""
    # A card's picture is never wider than ~20rem: `max_width` leaves the large renditions out of its srcset
    # (they were half the bytes of a card).
    webp = image.srcset("webp", max_width)
    jpeg = image.srcset("jpeg", max_width)
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


@register.inclusion_tag("articles/includes/credentials.html")
def content_credentials(image):
    """The "Content credentials" mark of a picture whose renditions carry a signed manifest, with its claims.

    The claims are those c2pa's Reader found in the widest rendition when it
    was signed (stored on the image), so the page costs no query or file read.
    """
    lines = claims_in_words(image.credentials) if image and image.has_credentials else []
    return {"lines": lines, "image": image}


@register.inclusion_tag("includes/disclosure.html")
def disclosure(article, style="card"):
    """The disclosure label(s) of an article, wherever the article appears.

    style "card": the short labels; "full": labels, explanations and policy
    links for the top of the article page. Feeds and emails use the same data
    (`Article.effective_disclosures`).
    """
    return {"items": article.effective_disclosures, "style": style}


@register.inclusion_tag("includes/type_label.html", takes_context=True)
def type_label(context, article, style="card"):
    """The type-of-work label above a headline, with its one-line explanation on hover and keyboard focus.

    style "card" adds the short AI-use mark and leaves out a commercial
    piece's type (its disclosure label, just below, already names it);
    "full" (the article header) always shows the type.
    """
    kind = article.type_of_work
    ai = article.ai_mark if style == "card" else ""
    return {
        "kind": kind,
        "show_type": style == "full" or not kind.is_commercial,
        "href": type_policy_url(context, kind),
        "ai": ai,
        "style": style,
    }


@register.inclusion_tag("includes/ai_use.html", takes_context=True)
def ai_use_note(context, article):
    """The AI-use note next to the byline, in plain words with the reviewing journalist (nothing when no AI)."""
    ai = article.ai_disclosure
    return {"ai": ai, "policy_url": policy_url(context) if ai else ""}


@register.filter
def author_role(article, author):
    """The role an opinion piece shows after this author's name ("Columnist"); "" on other pieces."""
    return article.author_role(author)


@register.filter
def colour_class(colour):
    """The class a section's colour (`Category.colour`) adds to a class list, space first; "" for the house colour."""
    return f" section-colour--{colour}" if colour else ""


WHITESPACE = re.compile(r"\s+")
FIRST_PARAGRAPH = re.compile(r"^\s*<p(\s[^>]*)?>", re.I)


def with_dateline(body, source):
    """Agency copy opens with its credit, "(Reuters) - ...", rendered from the agency field.

    Not added when the first paragraph already has one (an imported wire body:
    "(Reuters) -" or "LONDON (Reuters) -"), nor when the body opens with
    something other than a paragraph.
    """
    opening = FIRST_PARAGRAPH.match(body)
    if not source or opening is None:
        return body
    first_words = html.unescape(strip_tags(body[opening.end() : opening.end() + 400]))
    if re.match(r"^\s*[^()]{0,60}\(\s*" + re.escape(source) + r"\s*\)\s*[-–—]", first_words, re.I):
        return body
    dateline = format_html('<span class="story__dateline">({}) -</span> ', source)
    return body[: opening.end()] + dateline + body[opening.end() :]


@register.filter
def article_body(article, dateline=True, mode="page"):
    """The stored (already sanitized) body, with the agency dateline; commercial pieces get rel="sponsored" links.

    Its pictures and embeds are rendered for `mode` (articles/body/render.py). The read API passes
    `dateline=False`: apps get the agency as its own field and set their dateline.
    """
    # Sanitized with nh3 when saved (or just now, for rel="sponsored"); the dateline, added after, is escaped.
    body = clean_body(article.body, sponsored=True) if article.is_commercial else article.body
    body = render_body(body, mode)
    return mark_safe(with_dateline(body, article.source.strip()) if dateline else body)  # noqa: S308


@register.filter
def article_body_text(article):
    """The body for the text edition: pictures named in a line, embeds as links."""
    return article_body(article, mode="text")


@register.simple_tag
def body_media_assets(article):
    """The scripts the body's pictures and embeds need, only on pages whose body has them (their styles are in
    site.css: the first render needs one stylesheet)."""
    found = embeds(article.body) if has_placeholders(article.body) else []
    if not found and not image_ids(article.body):
        return ""
    tags = []
    if any(e.is_video for e in found):
        tags.append(format_html('<script src="{}" defer></script>', static("js/video.js")))
    if any(not e.is_video for e in found):
        tags.append(format_html('<script src="{}" defer></script>', static("js/body-embeds.js")))
    return mark_safe("".join(tags))  # noqa: S308 - built with format_html


@register.filter
def updated_same_day(article):
    """Whether "Last updated" falls on the (local) day of "Posted on": then both show their time."""
    if not article.show_last_updated:
        return False
    return timezone.localdate(article.publish_at) == timezone.localdate(article.updated_at)


@register.filter
def iso(value):
    """A machine-readable time for <time datetime>: ISO 8601 to the second.

    Django's "c" format keeps microseconds, which the HTML spec does not allow.
    """
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


#: Every option of a card, with its default: each one changes its HTML, so each is part of its name.
CARD_OPTIONS = {
    "variant": "",
    "compact": False,
    "show_section": False,
    "with_summary": False,
    "heading_level": "",
    "sizes": "",
    "text_only": False,  # a ruled headline card without the picture (the article page's "More from")
}


@register.simple_tag(takes_context=True)
def card(context, article, **options):
    """A story's card (includes/article_card.html), kept per worker by the story's version and the options.

    The card declares its story (keys, dates) as it renders, so a kept card
    declares it again wherever it is shown (portal/web/pagecache/fragments.py).
    """
    from articles.cards import full
    from articles.changes import articles_shown

    if article is None:
        return ""
    unknown = set(options) - set(CARD_OPTIONS)
    if unknown:
        raise template.TemplateSyntaxError(f"{{% card %}} has no option {', '.join(sorted(unknown))}")
    values = {**CARD_OPTIONS, **options}
    request = context.get("request")

    def build():
        story = full(article)
        if story is None:  # deleted between the list and its card: left out (and nothing is kept)
            return ""
        articles_shown(request, [story])
        with context.push(article=article, **values):
            # Cards are most of a list page's bytes: their indentation goes. Every run of whitespace becomes one
            # space, which is how HTML renders it anyway (cards hold no <pre>), so no word runs into the next.
            html = context.template.engine.get_template(CARD_TEMPLATE).render(context)
            return mark_safe(WHITESPACE.sub(" ", html).strip())  # noqa: S308 - the rendered template, spaces folded

    if fragments.request_clock(request) is None:
        return mark_safe(build())
    name = fragments.piece_name(request, "card", article.pk, article.modified_at, *values.values())
    return fragments.render(request, name, build)


@register.simple_tag(takes_context=True)
def shows(context, article):
    """Declare a card's article (its keys and dates) from inside the card, so a kept card carries them."""
    from articles.cards import full
    from articles.changes import articles_shown

    articles_shown(context.get("request"), [full(article)])
    return ""


@register.simple_tag(takes_context=True)
def story_shows(context, article):
    """Declare an article page's own story (byline, tags, video poster) from inside its kept piece."""
    from articles.changes import article_page_shown

    article_page_shown(context.get("request"), article)
    return ""


@register.filter
def stored_html(value):
    """A rich-text field's stored value: sanitized with nh3 when it was saved (RichTextField.pre_save)."""
    return mark_safe(value or "")  # noqa: S308 - sanitized on save


@register.filter
def source_kind(value):
    """The reader's label of a source link's kind ("data" → "Data")."""
    from articles.sources.models import SourceLink

    return dict(SourceLink.Kind.choices).get(value, value)
