"""RSS 2.0 and Atom feeds: the whole site, each section, each tag, each author.

One base class (`ArticleFeed`) decides what an item says; the subclasses only
choose which articles. Every item carries its section and tags as
categories (its type of work first), its hero image (a Media RSS `media:content` with the 1200-wide
rendition, plus an RSS enclosure when the file size is known) and the
article's type of work, disclosures and AI use: commercial labels also lead
the title, because many feed readers show nothing else.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from taggit.models import Tag

from articles.changes import article_page_shown
from articles.liveblog import feeds as live
from articles.models import Article, Author, Category
from articles.social import social_image
from articles.trustlabels.vocabulary import WorkType
from articles.video.media import loaded_video
from portal.web import changes
from portal.web.cache import cache_public
from portal.web.pagecache import surrogate_keys_add

MEDIA_NS = "http://search.yahoo.com/mrss/"
FORMATS = ("rss", "atom")


def add_media(handler, item):
    image = item.get("media")
    if not image:
        return
    attrs = {"url": image["url"], "medium": "image", "type": "image/jpeg"}
    attrs.update({k: str(image[k]) for k in ("width", "height") if image.get(k)})
    handler.startElement("media:content", attrs)
    if image.get("alt"):
        handler.addQuickElement("media:description", image["alt"], {"type": "plain"})
    if image.get("credit"):
        handler.addQuickElement("media:credit", image["credit"])
    handler.endElement("media:content")


class MediaRssFeed(Rss201rev2Feed):
    """RSS 2.0 with Media RSS images."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        add_media(handler, item)


class MediaAtomFeed(Atom1Feed):
    """Atom 1.0 with Media RSS images."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        add_media(handler, item)


class ArticleFeed(Feed):
    """The shared base: published articles, newest first, a fixed number of queries."""

    feed_type = MediaRssFeed
    #: The channel's description for one section, tag or author ({obj}, {site}).
    about = ""

    def __call__(self, request, *args, **kwargs):
        self.request = request
        response = super().__call__(request, *args, **kwargs)
        if response.status_code == 200:
            cache_public(response)
        return response

    # --- the channel -----------------------------------------------------

    def title(self, obj=None):
        return f"{obj} | {settings.SITE_NAME}" if obj else f"{settings.SITE_NAME}: latest news"

    def link(self, obj=None):
        return obj.get_absolute_url() if obj else reverse("articles:latest")

    def description(self, obj=None):
        # Like the items' descriptions: readers render an RSS description as
        # HTML, so a section or author name with markup is escaped here and
        # again as XML. (Atom writes no description, and its titles are text.)
        if obj:
            return escape(self.about.format(obj=obj, site=settings.SITE_NAME))
        return escape(f"The latest business, finance, banking and technology news from {settings.SITE_NAME}.")

    def feed_copyright(self):
        return f"Copyright © {settings.PUBLISHER_NAME}"

    # --- the items -------------------------------------------------------

    def articles(self, obj):
        """Which articles: the site's; subclasses narrow it."""
        return Article.objects.published()

    def items(self, obj=None):
        items = list(
            self.articles(obj)
            .for_cards()
            .prefetch_related(Prefetch("authors", queryset=Author.objects.only("name", "slug", "role")), "tags")
            .newest_first()[: settings.FEED_ITEMS]
        )
        # Each item names its section, tags and authors: the feed is purged when any of them changes.
        for item in items:
            article_page_shown(self.request, item)
        surrogate_keys_add(self.request, *self.scope_keys(obj))
        return live.with_entries(self.request, items)

    def scope_keys(self, obj):
        """The keys of the list the feed is of (a section, a tag, an author; the site's: every list)."""
        return [changes.LISTINGS]

    def item_title(self, item):
        if live.is_entry(item):
            return live.title(item, self.story_title(item.article))
        if live.is_live(item):
            # An open live blog leads with "Live", as its cards do.
            return f"Live: {self.story_title(item)}"
        return self.story_title(item)

    def story_title(self, item):
        commercial = [d["label"] for d in item.effective_disclosures if d["is_commercial"]]
        return f"{commercial[0]}: {item.headline}" if commercial else item.headline

    def item_description(self, item):
        if live.is_entry(item):
            return live.description(item)
        # Readers treat a description as HTML (Atom says so: type="html"), so
        # the plain-text summary is escaped once here, then again as XML.
        notes = [f"{d['label']}: {d['explanation']}" for d in item.effective_disclosures]
        kind = item.type_of_work
        # After the disclosures, which lead; news says so in the item's categories only (every other item is news).
        if not kind.is_commercial and kind.key != WorkType.NEWS:
            notes.append(f"{kind.label}: {kind.explanation}")
        ai = item.ai_disclosure
        if ai is not None:
            notes.append(f"AI use: {ai['summary']}")
        return escape(" ".join([*notes, item.summary]))

    def item_link(self, item):
        return item.get_absolute_url()  # an entry: its own page

    def item_guid(self, item):
        # Stable when the slug or section changes (the link then redirects).
        host = self.request.get_host().split(":")[0]
        if live.is_entry(item):
            return live.guid(item, host)
        return f"tag:{host},2010:article:{item.pk}"

    def item_guid_is_permalink(self, item):
        return False

    def item_author_name(self, item):
        if live.is_entry(item):
            return live.author_name(item)
        names = [a.name for a in item.authors.all()]
        if not names:
            return item.source or None
        return (", ".join(names[:-1]) + " and " + names[-1]) if len(names) > 1 else names[0]

    def item_author_link(self, item):
        if live.is_entry(item):
            return self.request.build_absolute_uri(item.author.get_absolute_url()) if item.author else None
        authors = list(item.authors.all())
        return self.request.build_absolute_uri(authors[0].get_absolute_url()) if authors else None

    def item_pubdate(self, item):
        return live.moment(item)

    def item_updateddate(self, item):
        if live.is_entry(item):
            return item.updated_at if item.show_updated else item.published_at
        return item.updated_at if item.show_last_updated else item.publish_at

    def item_categories(self, item):
        if live.is_entry(item):
            return [item.article.category.name, "Live blog"]
        # The type of work comes first; an opinion piece is never filed under "News" (a section or tag of that name).
        kind = item.type_of_work
        names = [kind.label, item.category.name, *sorted(t.name for t in item.tags.all())]
        if kind.key == WorkType.OPINION:
            names = [name for name in names if name.strip().casefold() != "news"]
        return list(dict.fromkeys(names))

    def item_enclosures(self, item):
        if live.is_entry(item):
            return []
        # RSS allows one enclosure: an uploaded video's file before the picture (still in media:content).
        video = loaded_video(item)
        if video and not video.is_embed and video.file_size:
            return [Enclosure(self.request.build_absolute_uri(video.file.url), str(video.file_size), video.mime_type)]
        image = social_image(item.hero_image, self.request)
        if not image or not image.get("bytes"):
            return []
        return [Enclosure(image["url"], str(image["bytes"]), "image/jpeg")]

    def item_extra_kwargs(self, item):
        if live.is_entry(item):
            return {"media": None}
        image = social_image(item.hero_image, self.request)
        if image and item.hero_image.credit:
            image = {**image, "credit": item.hero_image.credit}
        return {"media": image}


class SiteFeed(ArticleFeed):
    def get_object(self, request, *args, **kwargs):
        return None


class SectionFeed(ArticleFeed):
    about = "The latest {obj} stories from {site}."

    def get_object(self, request, slug, **kwargs):
        return get_object_or_404(Category, slug=slug)

    def scope_keys(self, obj):
        return [f"section-{obj.pk}", f"list-section-{obj.pk}"]

    def articles(self, obj):
        # A parent section's feed carries its sub-sections too, like its page.
        return super().articles(obj).filter(Q(category_id=obj.pk) | Q(category__parent_id=obj.pk))


class TagFeed(ArticleFeed):
    about = "Stories tagged {obj} on {site}."

    def get_object(self, request, slug, **kwargs):
        return get_object_or_404(Tag, slug=slug)

    def link(self, obj=None):
        return reverse("articles:tag", kwargs={"slug": obj.slug})

    def articles(self, obj):
        return super().articles(obj).filter(taggedarticle__tag=obj)

    def scope_keys(self, obj):
        return [f"tag-{obj.pk}", f"list-tag-{obj.pk}"]

    def items(self, obj=None):
        items = super().items(obj)
        if not items:  # like the tag page: a tag on unpublished stories only stays hidden
            raise Http404("No published stories carry this tag.")
        return items


class AuthorFeed(ArticleFeed):
    about = "The latest stories by {obj} on {site}."

    def get_object(self, request, slug, **kwargs):
        return get_object_or_404(Author, slug=slug)

    def articles(self, obj):
        return super().articles(obj).filter(authors=obj)

    def scope_keys(self, obj):
        return [f"author-{obj.pk}", f"list-author-{obj.pk}"]


def feed_view(feed_class):
    """One view per scope, answering in the format the URL names (rss or atom)."""
    classes = {
        "rss": feed_class,
        "atom": type(f"Atom{feed_class.__name__}", (feed_class,), {"feed_type": MediaAtomFeed}),
    }

    def view(request, fmt, **kwargs):
        # A fresh instance per request: the feed keeps the request on itself.
        return classes[fmt]()(request, **kwargs)

    return view
