"""Articles and the parts that hang off them."""

import math
from datetime import UTC

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import format_lazy
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.expressions import JSONList
from articles.fields import RichTextField


def published_q(now=None):
    """The one definition of "published": status published, publish time reached."""
    return Q(status=Article.Status.PUBLISHED, publish_at__lte=now or timezone.now())


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles readers may see now; a scheduled article appears at its time."""
        return self.filter(published_q())

    def for_cards(self):
        """What a card needs (section, thumbnail, disclosure labels, video mark), without the body."""
        # The video rides on a LEFT JOIN (no extra query); its transcript is never on a card.
        return (
            self.select_related("category__default_disclosure", "hero_image", "video")
            .defer("body", "video__transcript")
            .with_disclosures()
        )

    def with_disclosures(self):
        """Annotate `disclosure_list`: the article's own disclosures, in the row."""
        from articles.models.trust import DISCLOSURE_LABEL_FIELDS, Disclosure

        own = Disclosure.objects.filter(articles=OuterRef("pk")).order_by("position", "name")
        return self.annotate(disclosure_list=JSONList(own, **{f: f for f in DISCLOSURE_LABEL_FIELDS}))

    def for_article_page(self):
        """The article row with its small child lists folded in (see JSONList)."""
        from articles.models.trust import Correction

        mine = {"article": OuterRef("pk")}
        return (
            self.select_related("category__default_disclosure", "hero_image", "video__poster")
            .with_disclosures()
            .with_neighbour_ids()
            .annotate(
                takeaway_list=JSONList(KeyTakeaway.objects.filter(**mine), text="text"),
                faq_list=JSONList(FrequentlyAskedQuestion.objects.filter(**mine), question="question", answer="answer"),
                correction_list=JSONList(
                    Correction.objects.filter(**mine), kind="kind", published_at="published_at", text="text"
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

    def newest_per_section(self, limits):
        """The newest published stories of each section: `limits` maps section id to how many.

        One UNION ALL of small LIMIT queries, each served by the section
        index, used as a subquery: the cost stays flat as the archive grows,
        unlike ranking every article with a window function.
        """
        if not limits:
            return self.none()
        parts, params = [], []
        for n, (section_id, limit) in enumerate(limits.items()):
            newest = Article.objects.published().filter(category_id=section_id).newest_first()
            sql, part_params = newest.values("pk")[:limit].query.sql_with_params()
            parts.append(f"SELECT * FROM ({sql}) AS newest_{n}")  # wrapped: SQLite refuses a bare LIMIT here
            params.extend(part_params)
        return self.filter(pk__in=RawSQL(" UNION ALL ".join(parts), params))

    def with_neighbour_ids(self):
        """Annotate the previous and next published article of the same section.

        Correlated subqueries keep this inside the article's own query, so the
        page's query count does not grow with the section.
        """
        siblings = Article.objects.published().filter(category_id=OuterRef("category_id")).exclude(pk=OuterRef("pk"))
        older = Q(publish_at__lt=OuterRef("publish_at")) | Q(publish_at=OuterRef("publish_at"), pk__lt=OuterRef("pk"))
        newer = Q(publish_at__gt=OuterRef("publish_at")) | Q(publish_at=OuterRef("publish_at"), pk__gt=OuterRef("pk"))
        return self.annotate(
            previous_pk=Subquery(siblings.filter(older).order_by("-publish_at", "-pk").values("pk")[:1]),
            next_pk=Subquery(siblings.filter(newer).order_by("publish_at", "pk").values("pk")[:1]),
        )

    def section_neighbours(self, article, more=6):
        """ "More from <section>" and previous/next post, in one query.

        `article` must come from `with_neighbour_ids()`.
        """
        result = {"more": [], "previous": None, "next": None}
        if article.publish_at is None:
            return result
        neighbours = {pk for pk in (article.previous_pk, article.next_pk) if pk}
        section = self.published().filter(category_id=article.category_id).exclude(pk=article.pk)
        newest = section.newest_first().values("pk")[:more]
        rows = section.for_cards().filter(Q(pk__in=newest) | Q(pk__in=neighbours)).newest_first()
        for row in rows:
            if row.pk == article.previous_pk:
                result["previous"] = row
            if row.pk == article.next_pk:
                result["next"] = row
            if len(result["more"]) < more:
                result["more"].append(row)
        return result


class TaggedArticle(TaggedItemBase):
    """The explicit through model between articles and taggit's tags."""

    content_object = models.ForeignKey("articles.Article", on_delete=models.CASCADE)

    class Meta:
        verbose_name = "article tag"
        indexes = [models.Index(fields=["tag", "content_object"])]


class Article(models.Model):
    """A story: headline, byline, summary, body, image, tags and extras."""

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
    body = RichTextField(help_text="The story. Start with the news; use subheadings for long pieces.")
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
    # Who wrote it in the admin (ownership for contributors) and who saved it
    # last (named when an edit conflict is refused).
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
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED and self.publish_at is not None and self.publish_at <= timezone.now()
        )

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
        """“By Andrew Osborn (Reuters)”; uses prefetched authors."""
        names = [a.name for a in self.authors.all()]
        if len(names) > 1:
            names = [", ".join(names[:-1]) + " and " + names[-1]]
        text = f"By {names[0]}" if names else (f"By {self.source}" if self.source else "")
        if names and self.source:
            text += f" ({self.source})"
        return text


def reading_minutes(html):
    words = len(strip_tags(html or "").split())
    return max(1, math.ceil(words / settings.READING_WORDS_PER_MINUTE))


class ArticleSlugRedirect(models.Model):
    """A slug an article used to have; its address redirects to the article."""

    old_slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"

    def get_absolute_url(self):
        return self.article.get_absolute_url()


class KeyTakeaway(models.Model):
    """One point in the article's “Key Takeaways” list."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="takeaways")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")
    text = models.CharField(max_length=300, help_text="One sentence a reader should remember.")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text


class FrequentlyAskedQuestion(models.Model):
    """A reader question and its answer, shown under “Frequently Asked Questions”."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="faqs")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")
    question = models.CharField(max_length=300, help_text="Phrase it as a reader would ask it.")
    answer = models.TextField(max_length=2000, help_text="A short plain-text answer.")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ"

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return format_lazy("{}#faq", self.article.get_absolute_url())
