"""Articles and the parts that hang off them."""

import math
from datetime import UTC

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.body.editor import BODY_FIELD
from articles.desk.models import SeoFields
from articles.expressions import JSONList
from articles.trustlabels.models import TrustLabelsFields
from articles.wire.models import WireFields, embargo_constraint
from portal.web.fields import RichTextField


def published_q(prefix="", now=None):
    """The one definition of "published" for articles, as a Q object.

    What readers may see follows three rules, each defined once:

    - an article is live when its status is published and its publish time
      has come (`published_q`, `ArticleQuerySet.published()`, `Article.is_live`),
      so a scheduled article appears at its time with no cron job;
    - a magazine issue or research report is live when its "published" tick
      is set and its publish time has come (`publication_published_q`,
      `PublicationQuerySet.published()`, `is_live`);
    - a company page or awards programme is live when its "published" tick is
      set (`PageQuerySet.published()`, `is_live`).

    `is_published` is always the stored tick; `is_live` always "readers see
    it now". `prefix` reaches articles across a relation, e.g.
    `published_q("articles__")` from a section.
    """
    now = now or timezone.now()
    # An expiry time (`unpublish_at`) ends the visibility the same way, with no cron job.
    not_expired = Q(**{f"{prefix}unpublish_at__isnull": True}) | Q(**{f"{prefix}unpublish_at__gt": now})
    return Q(**{f"{prefix}status": Article.Status.PUBLISHED, f"{prefix}publish_at__lte": now}) & not_expired


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Articles readers may see now; a scheduled article appears at its time."""
        return self.filter(published_q(now=now))

    def approved(self):
        """Approved for publication: live now, or scheduled for a later time."""
        return self.filter(status=Article.Status.PUBLISHED)

    def scheduled(self):
        """Approved, waiting for their publish time."""
        return self.approved().filter(publish_at__gt=timezone.now())

    def for_cards(self):
        """What a card needs (section, thumbnail, labels, AI reviewer, video and live marks), without the body."""
        # The video, the live blog and the AI reviewer ride on LEFT JOINs (no extra query); never a transcript.
        return (
            self.select_related("category__default_disclosure", "hero_image", "video", "liveblog", "ai_reviewed_by")
            .defer("body", "video__transcript")
            .with_disclosures()
        )

    def with_disclosures(self):
        """Annotate `disclosure_list`: the article's own disclosures, in the row."""
        from articles.models.disclosures import DISCLOSURE_LABEL_FIELDS, Disclosure

        own = Disclosure.objects.filter(articles=OuterRef("pk")).order_by("position", "name")
        return self.annotate(disclosure_list=JSONList(own, **{f: f for f in DISCLOSURE_LABEL_FIELDS}))

    def for_article_page(self):
        """The article row with its small child lists folded in (see JSONList)."""
        from articles.models.corrections import Correction
        from articles.models.takeaways import FrequentlyAskedQuestion, KeyTakeaway

        mine = {"article": OuterRef("pk")}
        return (
            self.select_related(
                "category__default_disclosure",
                "hero_image",
                "social_image",
                "video__poster",
                "liveblog",
                "ai_reviewed_by",
            )
            .with_disclosures()
            .annotate(
                takeaway_list=JSONList(KeyTakeaway.objects.filter(**mine), text="text"),
                faq_list=JSONList(FrequentlyAskedQuestion.objects.filter(**mine), question="question", answer="answer"),
                correction_list=JSONList(
                    Correction.objects.filter(**mine), id="pk", kind="kind", published_at="published_at", text="text"
                ),
            )
        )

    def newest_first(self):
        return self.order_by("-publish_at", "-pk")

    def visible_to(self, user):
        """Editors also see drafts and scheduled articles (as previews); writers only their own."""
        if user.is_authenticated and user.has_perm("articles.change_any_article"):
            return self
        if user.is_authenticated and user.has_perm("articles.change_article"):
            own = Q(created_by=user) | Q(pk__in=Article.objects.filter(authors__user=user).values("pk"))
            return self.filter(published_q() | own)
        return self.published()

    def newest_per_section(self, limits, now=None):
        """The newest published stories of each section: `limits` maps section id to how many.

        One UNION ALL of small LIMIT queries, each served by the section
        index, used as a subquery: the cost stays flat as the archive grows,
        unlike ranking every article with a window function.
        """
        if not limits:
            return self.none()
        parts, params = [], []
        for n, (section_id, limit) in enumerate(limits.items()):
            newest = Article.objects.published(now=now).filter(category_id=section_id).newest_first()
            sql, part_params = newest.values("pk")[:limit].query.sql_with_params()
            parts.append(f"SELECT * FROM ({sql}) AS newest_{n}")  # wrapped: SQLite refuses a bare LIMIT here
            params.extend(part_params)
        return self.filter(pk__in=RawSQL(" UNION ALL ".join(parts), params))

    def section_neighbours(self, article, more=6):
        """ "More from <section>" and previous/next post, in one query.

        The newest stories of the section and the two next to this one, by
        (publish time, id): the nearest older row is the previous post, the
        nearest newer one the next, whichever subquery brought it.
        """
        result = {"more": [], "previous": None, "next": None}
        if article.publish_at is None:
            return result
        section = self.published().filter(category_id=article.category_id).exclude(pk=article.pk)
        older = Q(publish_at__lt=article.publish_at) | Q(publish_at=article.publish_at, pk__lt=article.pk)
        newer = Q(publish_at__gt=article.publish_at) | Q(publish_at=article.publish_at, pk__gt=article.pk)
        # Ordered as article_section_idx is, so each is a short walk of that index.
        ordered = ("-category_id", "-status", "-publish_at", "-pk")
        newest = section.order_by(*ordered).values("pk")[:more]
        previous = section.filter(older).order_by(*ordered).values("pk")[:1]
        following = section.filter(newer).order_by(*(name.lstrip("-") for name in ordered)).values("pk")[:1]
        picked = Q(pk__in=newest) | Q(pk__in=previous) | Q(pk__in=following)
        here = (article.publish_at, article.pk)
        for row in section.for_cards().filter(picked).newest_first():
            key = (row.publish_at, row.pk)
            if key < here and result["previous"] is None:
                result["previous"] = row  # rows come newest first: the first older one is the nearest
            if key > here:
                result["next"] = row  # ... and the last newer one
            if len(result["more"]) < more:
                result["more"].append(row)
        return result


class TaggedArticle(TaggedItemBase):
    """The explicit through model between articles and taggit's tags."""

    content_object = models.ForeignKey("articles.Article", on_delete=models.CASCADE)

    class Meta:
        verbose_name = "article tag"
        indexes = [models.Index(fields=["tag", "content_object"])]


class Article(SeoFields, TrustLabelsFields, WireFields, models.Model):
    """A story: headline, byline, summary, body, image, tags and extras (mixins: SEO, trust labels, wire)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    headline = models.CharField(
        max_length=200, help_text="The title readers see; keep it under 70 characters for search results."
    )
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The article's address. If you change it, the old address keeps redirecting here.",
    )
    category = models.ForeignKey(
        "articles.Category",
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name="section",
        help_text="The primary section: it decides the breadcrumb and “More from …”.",
    )
    authors = models.ManyToManyField(
        "articles.Author", blank=True, related_name="articles", help_text="Writers credited in the byline."
    )
    source = models.CharField(
        "agency / source",
        max_length=80,
        blank=True,
        help_text="Agency credit shown after the byline, e.g. “Reuters”.",
    )
    summary = models.TextField(
        "quick summary",
        max_length=600,
        help_text="Two or three plain sentences; shown as “Quick Summary”, on cards and in search results.",
    )
    body = RichTextField(**BODY_FIELD)  # pictures and embeds too (articles/body/)
    hero_image = models.ForeignKey(
        "articles.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The picture at the top of the article and on its cards.",
    )
    disclosures = models.ManyToManyField(
        "articles.Disclosure",
        blank=True,
        related_name="articles",
        help_text="What readers must be told about this piece (sponsored, press release, wire copy…).",
    )
    use_section_disclosure = models.BooleanField(
        "show the section's disclosure",
        default=True,
        help_text="Untick to leave out the section's default disclosure for this article.",
    )
    tags = TaggableManager(
        through=TaggedArticle, blank=True, help_text="Comma-separated topics, e.g. “Banking, Interest rates”."
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Only “Published” reaches readers (at its publish time); drafts, articles in review "
        "and unpublished ones never do. Use the buttons at the top to move an article along.",
    )
    publish_at = models.DateTimeField(
        "publish time",
        null=True,
        blank=True,
        help_text="When a published article becomes visible. A future time schedules it; blank means now.",
    )
    unpublish_at = models.DateTimeField(
        "unpublish time",
        null=True,
        blank=True,
        help_text="Optional expiry: readers stop seeing the article at this time (an offer, an event).",
    )
    updated_at = models.DateTimeField(
        "last updated",
        null=True,
        blank=True,
        help_text="Shown as “Last updated”. Moves only when a save is marked as a substantive update.",
    )
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    source_uri = models.CharField(
        "source identifier",
        max_length=500,
        unique=True,
        null=True,
        blank=True,
        help_text="Set by imports (the ninjs uri or the WordPress post): a re-import updates this article.",
    )
    source_updated_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="The source's version time; a re-import changes the article only when the source is newer.",
    )
    is_top_story = models.BooleanField(
        "top story", default=False, help_text="Feature it in Top Stories on the home page."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    # Who wrote it in the admin (ownership for contributors) and who saved it last (named in an edit conflict).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="article_published_idx"),
            models.Index(fields=["category", "status", "-publish_at"], name="article_section_idx"),
            models.Index(fields=["is_top_story", "status", "-publish_at"], name="article_top_idx"),
        ]
        constraints = [embargo_constraint()]
        # Enforcement reads these, never group names (see portal/roles.py).
        permissions = [
            ("publish_article", "Can publish, schedule and unpublish articles and set their disclosures"),
            ("review_article", "Can approve articles in review or send them back"),
            ("change_any_article", "Can edit articles written by anyone"),
            ("change_published_article", "Can edit own published articles (they go back to review)"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.reading_minutes = reading_minutes(self.body)
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        super().save(*args, **kwargs)
        # An old slug keeps working: URLs live forever in search engines and
        # social posts. Kept in save() because it is integrity, not a side effect.
        old = getattr(self, "_stored_slug", None)
        if old and old != self.slug:
            from articles.models.redirects import ArticleSlugRedirect

            ArticleSlugRedirect.objects.update_or_create(old_slug=old, defaults={"article": self})
            ArticleSlugRedirect.objects.filter(old_slug=self.slug).delete()
        self._stored_slug = self.slug

    def get_absolute_url(self):
        return reverse("articles:article", kwargs={"section": self.category.slug, "slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remember the stored slug so a rename can leave a redirect behind.
        if "slug" in field_names:
            instance._stored_slug = values[field_names.index("slug")]
        return instance

    @property
    def is_live(self):
        """Readers see it now (see `published_q`)."""
        now = timezone.now()
        came = self.status == self.Status.PUBLISHED and self.publish_at is not None and self.publish_at <= now
        return came and not self.is_expired

    @property
    def is_expired(self):
        """Its expiry time (`unpublish_at`) has passed: readers no longer see it."""
        return self.unpublish_at is not None and self.unpublish_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.publish_at is not None and self.publish_at > timezone.now()

    @property
    def show_last_updated(self):
        return bool(self.updated_at and self.publish_at and self.updated_at > self.publish_at)

    @cached_property
    def effective_disclosures(self):
        """The disclosures readers see: the article's own, plus the section's default.

        Uses the `disclosure_list` annotation when the queryset made one
        (cards, article page), so rendering costs no query.
        """
        own = getattr(self, "disclosure_list", None)
        if own is None:
            own = [d.as_label() for d in self.disclosures.all()] if self.pk else []
        items = list(own)
        default = self.category.default_disclosure if self.use_section_disclosure and self.category_id else None
        if default and default.pk not in {d["id"] for d in items}:
            items.append(default.as_label())
        return sorted(items, key=lambda d: (d["position"], d["name"]))

    @property
    def is_commercial(self):
        return any(d["is_commercial"] for d in self.effective_disclosures)

    @property
    def corrections_for_display(self):
        """Corrections from the `correction_list` annotation, with real datetimes."""
        items = []
        for item in getattr(self, "correction_list", None) or []:
            when = parse_datetime(str(item["published_at"]).replace(" ", "T"))
            if when is not None and timezone.is_naive(when):
                when = timezone.make_aware(when, UTC)
            items.append({**item, "published_at": when, "kind_label": item["kind"].capitalize()})
        return items

    @property
    def byline(self):
        """“By Andrew Osborn (Reuters)”; an opinion piece's “By Jane Doe, Columnist”. Uses prefetched authors."""
        names = [", ".join(filter(None, (a.name, self.author_role(a)))) for a in self.authors.all()]
        if len(names) > 1:
            names = [", ".join(names[:-1]) + " and " + names[-1]]
        text = f"By {names[0]}" if names else (f"By {self.source}" if self.source else "")
        if names and self.source:
            text += f" ({self.source})"
        return text


def reading_minutes(html):
    words = len(strip_tags(html or "").split())
    return max(1, math.ceil(words / settings.READING_WORDS_PER_MINUTE))
