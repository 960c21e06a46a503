"""What a change of each newsroom model announces, and what a page that shows one declares.

The mechanism is `portal.web.changes` (announce on commit, caches
subscribe); the page cache and the proxies purge whole pages by the same
keys (`portal.web.pagecache`). Connected once, from `ArticlesConfig.ready()`.

An article's keys follow what readers could notice:

- a draft, or an article in review, touches only its own preview
  (`article-<pk>`), so an editor's saves never purge the front page;
- an edit of a live article touches every page that shows it (each of
  them declared `article-<pk>`) and the cross-section lists (`listings`:
  latest, feeds, sitemaps, search);
- an article entering, leaving or moving within lists (published,
  unpublished, deleted, moved to another section, its time or top-story
  tick changed) also touches the lists it enters: its section's and the
  parent section's (`list-section-<pk>`), its tags' and authors'
  (`list-tag-<pk>`, `list-author-<pk>`), and `home`;
- anything scheduled (before or after the save) also announces `schedule`,
  so the page cache learns the new release time (`selectors.release_schedule`);
- the story a current breaking banner links to announces `chrome` (and
  `schedule`) when its link or its showing changes (slug, section, status,
  times), not for an edit of its text: the banner is part of every page's chrome.

The child rows readers see on the article page (takeaways, FAQ,
corrections, updates, the video, sources and methods) announce their
article; the link check's own bookkeeping (update(), no signal) does not.

`section-<pk>`, `tag-<pk>` and `author-<pk>` stand for the thing itself
(its name on every card and byline), `list-...-<pk>` for which stories it
lists: a story published in Markets purges the Markets pages, not every
page that shows some Markets card.
"""

from django.db.models import Exists, OuterRef
from django.utils import timezone
from taggit.models import Tag

from articles import rail, readership
from articles.body.render import image_ids
from articles.liveblog import changes as liveblog_changes
from articles.models import (
    Article,
    ArticleUpdate,
    ArticleVideo,
    Author,
    BreakingBanner,
    Category,
    Correction,
    Disclosure,
    FrequentlyAskedQuestion,
    Image,
    KeyTakeaway,
    MagazineIssue,
    RelatedStory,
    ResearchReport,
    SourceLink,
    SourcesNote,
    TaggedArticle,
)
from articles.selectors import navigation_forget, releases_forget
from portal.web import changes
from portal.web.pagecache import last_modified_add, surrogate_keys_add

#: Fields that decide which lists an article is on, and where.
LISTED_FIELDS = ("status", "publish_at", "category_id", "is_top_story")
#: Fields that decide where a breaking banner's link leads, and whether it shows.
BANNER_FIELDS = ("status", "publish_at", "unpublish_at", "category_id", "slug")
#: Many-to-many fields whose rows are lists of their own (a tag page, an author page).
LIST_PREFIXES = {"tags": "list-tag", "authors": "list-author"}


def article_before(article):
    """The stored row's listed fields, and whether a banner links to it, ahead of a save (one query)."""
    banner = BreakingBanner.objects.filter(article=OuterRef("pk"), expires_at__gt=timezone.now())
    fields = dict.fromkeys((*LISTED_FIELDS, *BANNER_FIELDS))
    return Article.objects.filter(pk=article.pk).values(*fields, has_banner=Exists(banner)).first()


def banner_keys(article, before, change):
    """The chrome, when the story a breaking banner links to moves, goes live or goes (its link or its showing)."""
    if change.action == "m2m" or not before.pop("has_banner", False):
        return set()
    if change.action == "deleted" or any(before[name] != getattr(article, name) for name in BANNER_FIELDS):
        return {changes.CHROME, changes.SCHEDULE}
    return set()


def listed_keys(article, *, new=False):
    """The lists a live article is on: its section's (and the parent's), its tags', its authors', the front page.

    A new row has no tags or bylines yet (they are added after it, and announce then): not looked up.
    """
    keys = {f"list-section-{article.category_id}", changes.HOME, changes.LISTINGS}
    category = article._state.fields_cache.get("category")
    if category is not None and category.pk == article.category_id:
        parent = category.parent_id
    else:
        parent = Category.objects.filter(pk=article.category_id).values_list("parent_id", flat=True).first()
    if parent:
        keys.add(f"list-section-{parent}")
    if not new:
        keys.update(f"list-tag-{pk}" for pk in article.tags.values_list("pk", flat=True))
        keys.update(f"list-author-{pk}" for pk in article.authors.values_list("pk", flat=True))
    return keys


def article_keys(article, change):
    """What a save, delete or many-to-many change of `article` touches (see the module docstring)."""
    keys = {f"article-{article.pk}"}
    stored = dict(change.before) if change.before else None
    if stored is not None:
        keys |= banner_keys(article, stored, change)
        stored = {name: stored[name] for name in LISTED_FIELDS}
    before = Article(**stored) if stored else None
    deleted = change.action == "deleted"
    live_now = article.is_live and not deleted
    was_live = (before is not None and before.is_live) or (deleted and article.is_live)
    if article.is_scheduled or (before is not None and before.is_scheduled):
        keys.add(changes.SCHEDULE)
    if not (live_now or was_live):
        return keys
    keys.add(changes.LISTINGS)
    if change.action == "m2m":
        prefix = LIST_PREFIXES.get(change.field)
        if prefix:
            keys.update(f"{prefix}-{pk}" for pk in change.pks)
        return keys
    moved = deleted or before is None or live_now != was_live
    moved = moved or any(getattr(before, name) != getattr(article, name) for name in LISTED_FIELDS)
    if moved:
        if deleted:
            keys |= {f"list-section-{article.category_id}", changes.HOME}
        else:
            keys |= listed_keys(article, new=before is None)
        if before is not None and before.category_id != article.category_id:
            keys.add(f"list-section-{before.category_id}")
    return keys


def article_tags_announce(article_ids, chunk=2000):
    """Announce the tag pages of live articles whose tags were written with bulk_create (an import run).

    Each article's own save announced the article and its other lists; the
    tags come after it without signals. One query per `chunk` articles.
    """
    ids, keys = list(article_ids), set()
    for start in range(0, len(ids), chunk):
        live = Article.objects.published().filter(pk__in=ids[start : start + chunk]).values("pk")
        tagged = TaggedArticle.objects.filter(content_object__in=live).values_list("tag_id", flat=True).distinct()
        keys.update(f"list-tag-{pk}" for pk in tagged)
    changes.announce(*keys)


def child_keys(row):
    return [f"article-{row.article_id}"]


def connect():
    changes.watch(Article, keys=article_keys, m2m=["authors", "disclosures", "tags"], before=article_before)
    for child in (KeyTakeaway, FrequentlyAskedQuestion, ArticleVideo, SourceLink, SourcesNote, RelatedStory):
        changes.watch(child, keys=child_keys)
    # A correction is listed on /corrections/ too; an update moves "Last updated" in feeds and sitemaps.
    changes.watch(Correction, keys=lambda row: [*child_keys(row), changes.CORRECTIONS])
    changes.watch(ArticleUpdate, keys=lambda row: [*child_keys(row), changes.LISTINGS])
    changes.watch(Category, keys=section_keys)
    # The banner is part of the chrome; its times are in the release schedule (it expires with no save).
    changes.watch(BreakingBanner, keys=lambda b: [f"breaking-{b.pk}", changes.CHROME, changes.SCHEDULE])
    changes.watch(Author, keys=lambda a: [f"author-{a.pk}", changes.AUTHORS])
    changes.watch(Tag, keys=lambda t: [f"tag-{t.pk}", changes.TAGS])
    changes.watch(Image, keys=lambda i: [f"image-{i.pk}"])
    # A disclosure's label and explanation show on every card that carries it (cards declare it).
    changes.watch(Disclosure, keys=lambda d: [f"disclosure-{d.pk}", changes.HOME, changes.LISTINGS])
    # The newest issues are listed in the Magazines dropdown of the chrome.
    changes.watch(
        MagazineIssue, keys=lambda i: [f"magazine-{i.pk}", changes.MAGAZINES, changes.CHROME, changes.SCHEDULE]
    )
    changes.watch(ResearchReport, keys=lambda r: [f"report-{r.pk}", changes.REPORTS, changes.SCHEDULE])
    liveblog_changes.connect()
    changes.subscribe({changes.SECTIONS}, navigation_forget)
    changes.subscribe({changes.SCHEDULE}, releases_forget)
    changes.subscribe(lambda key: key.startswith("article-"), readership.trending_forget)
    changes.subscribe(lambda key: key.startswith("article-") or key.startswith("section-"), rail.latest_forget)
    changes.subscribe({changes.MAGAZINES}, rail.cover_forget)


def section_keys(section):
    # Its name is on every card and in the menu; its slug is in every article address (sitemaps, feeds).
    keys = [f"section-{section.pk}", f"list-section-{section.pk}", changes.SECTIONS, changes.HOME, changes.LISTINGS]
    if section.parent_id:
        keys.append(f"list-section-{section.parent_id}")  # the parent's page lists its sub-sections' stories
    return keys


# --- What pages show --------------------------------------------------------
# Called by the views with what they render; only loaded data is read (never a query).


def shown_keys(article):
    """The keys of what a card (or any mention) of `article` shows: itself, its section, picture and labels."""
    data = vars(article)
    keys = [f"article-{article.pk}"]
    if data.get("category_id"):
        keys.append(f"section-{data['category_id']}")
    if data.get("hero_image_id"):
        keys.append(f"image-{data['hero_image_id']}")
    keys += [f"disclosure-{item['id']}" for item in data.get("disclosure_list") or ()]
    category = article._state.fields_cache.get("category")
    if category is not None and data.get("use_section_disclosure") and vars(category).get("default_disclosure_id"):
        keys.append(f"disclosure-{category.default_disclosure_id}")
    return keys


def articles_shown(request, articles):
    """Declare cards (or lines) of these articles on the page: their keys, and their dates for Last-Modified."""
    for article in articles:
        if article is None:
            continue
        surrogate_keys_add(request, *shown_keys(article))
        data = vars(article)
        last_modified_add(request, data.get("publish_at"), data.get("updated_at"), data.get("modified_at"))


def articles_mentioned(request, articles):
    """Declare headlines linked on the page (no picture, no label): each article, and its section's address."""
    for article in articles:
        if article is None:
            continue
        data = vars(article)
        section = f"section-{data['category_id']}" if data.get("category_id") else ""
        surrogate_keys_add(request, f"article-{article.pk}", section)
        last_modified_add(request, data.get("publish_at"), data.get("updated_at"))


def article_page_shown(request, article):
    """Declare an article page's own story: the card's keys, its byline (and AI reviewer), tags and video poster."""
    articles_shown(request, [article])
    prefetched = getattr(article, "_prefetched_objects_cache", {})
    surrogate_keys_add(request, *(f"author-{a.pk}" for a in prefetched.get("authors", ())))
    if vars(article).get("ai_reviewed_by_id"):
        surrogate_keys_add(request, f"author-{article.ai_reviewed_by_id}")
    surrogate_keys_add(request, *(f"tag-{t.pk}" for t in prefetched.get("tags", ())))
    video = article._state.fields_cache.get("video")
    if video is not None and vars(video).get("poster_id"):
        surrogate_keys_add(request, f"image-{video.poster_id}")
    if vars(article).get("social_image_id"):  # the shared card's own picture (og:image)
        surrogate_keys_add(request, f"image-{article.social_image_id}")
    if "body" in vars(article):  # the body's library pictures (articles/body): a new crop or file shows at once
        surrogate_keys_add(request, *(f"image-{pk}" for pk in image_ids(article.body)))
