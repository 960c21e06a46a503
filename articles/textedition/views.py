"""The text edition's two pages: the front (newest headlines by section) and one article."""

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.generic import DetailView, TemplateView

from articles.changes import article_page_shown, articles_shown
from articles.models import Article, ArticleSlugRedirect, Author
from articles.selectors import navigation_sections
from portal.web import changes
from portal.web.pagecache import surrogate_keys_add
from portal.web.redirects import safe_redirect
from portal.web.views import PublicPageMixin

#: Top stories on the text front, and at most this many headlines per section below them...
TOP_STORIES = 5
PER_SECTION = 4
TOP_STORIES_SLUG = "top-stories"
#: ... and in all: a menu of many sections gets fewer each (at least one), so that the page stays under
#: 14 KB with long headlines whatever the number of sections (tests/articles/textedition).
HEADLINES = 60
#: Only what a headline line shows: its address, its date and its labels.
HEADLINE_FIELDS = (
    "headline", "slug", "publish_at", "updated_at", "category_id", "use_section_disclosure",
    "category__slug", "category__name", "category__default_disclosure", "category__default_work_type",
    "work_type", "ai_use", "hero_image", "hero_image__digital_source_type", "hero_image__source_credentials",
)  # fmt: skip


def text_url(article):
    """The text edition's address of an article (its section is loaded with it)."""
    return reverse("textedition:article", kwargs={"section": article.category.slug, "slug": article.slug})


def headlines(queryset, limit=None):
    """Headline rows with their section and disclosure labels in one query, newest first."""
    # The picture's source type rides along only to say whether AI made it (the text edition shows no picture).
    rows = queryset.select_related("category__default_disclosure", "hero_image").only(*HEADLINE_FIELDS)
    rows = rows.with_disclosures()
    return list(rows.newest_first()[:limit])


def per_section(sections):
    """How many headlines each section gets on the front (see HEADLINES)."""
    return max(1, min(PER_SECTION, (HEADLINES - TOP_STORIES) // max(1, len(sections))))


class TextFrontView(PublicPageMixin, TemplateView):
    """Top stories, then the newest headlines of each section in the menu, linked to their text pages."""

    template_name = "articles/textedition/front.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        published = Article.objects.published(now=now)
        top = headlines(published.filter(is_top_story=True), TOP_STORIES)
        sections = navigation_sections()
        limit = per_section(sections)
        rows = headlines(published.newest_per_section({s.id: limit for s in sections}, now=now))
        by_section = {}
        for row in rows:
            by_section.setdefault(row.category_id, []).append(row)
        # A section called "Top Stories" would repeat the block above it under the same title (as on the home page).
        repeated = {s.id for s in sections if slugify(s.name) == TOP_STORIES_SLUG} if top else set()
        blocks = [(s, by_section[s.id]) for s in sections if s.id in by_section and s.id not in repeated]
        for row in [*top, *rows]:
            row.text_url = text_url(row)
        context.update(top_stories=top, section_blocks=blocks, full_url=reverse("home"))
        # Which stories are newest in each section (and on top) changes with every publication in them.
        articles_shown(self.request, [*top, *rows])
        surrogate_keys_add(
            self.request, changes.HOME, changes.SECTIONS, *(f"list-section-{section.id}" for section in sections)
        )
        return context


class TextArticleView(PublicPageMixin, DetailView):
    """One published article as plain text: headline, dates, labels, byline, body, takeaways, corrections."""

    template_name = "articles/textedition/article.html"
    context_object_name = "article"

    def get_queryset(self):
        # Published only: the text edition has no previews (editors use the full page).
        return (
            Article.objects.published()
            .for_article_page()
            # No picture and no player here: the section (and its default label) rides along, and the
            # video's row on the same LEFT JOIN, only to say there is one to watch on the full page.
            .select_related(None)
            .select_related("category__default_disclosure", "video", "ai_reviewed_by", "hero_image")
            .defer("video__transcript", "hero_image__renditions", "hero_image__credentials")
            .prefetch_related(Prefetch("authors", queryset=Author.objects.only("name", "slug", "role")))
        )

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            return self.redirect_from_old_slug()
        if self.object.category.slug != kwargs["section"]:
            return safe_redirect(text_url(self.object), permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def redirect_from_old_slug(self):
        old = ArticleSlugRedirect.objects.filter(old_slug=self.kwargs["slug"]).values("article_id").first()
        article = old and self.get_queryset().filter(pk=old["article_id"]).first()
        if not article:
            raise Http404("No published article at this address.")
        return safe_redirect(text_url(article), permanent=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["full_url"] = self.object.get_absolute_url()
        article_page_shown(self.request, self.object)
        return context
