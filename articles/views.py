"""Reader pages of the newsroom: section, tag, author and article pages,
search, latest news and the most read."""

from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from articles import readership
from articles.models import Article, ArticleSlugRedirect, Author, Category, Correction
from articles.search import NEWEST, SearchPaginator, decorate, search_articles
from articles.search.forms import SearchForm
from articles.services import navigation_sections

SEARCH_SUGGESTIONS = 6
TRENDING_BOX = 5
TRENDING_PAGE = 20


class Crumb(NamedTuple):
    """One step of a breadcrumb; the visible trail and its BreadcrumbList come from the same list."""

    name: str
    url: str


def home_crumb():
    return Crumb("Home", reverse("home"))


class PublicPageMixin:
    """Cache headers for reader pages: shared caches may keep what anonymous
    readers get; anything an editor sees (previews) stays private."""

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        elif response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        patch_vary_headers(response, ["Cookie"])
        return response


class ArticleListView(PublicPageMixin, ListView):
    """A paginated list of published article cards, newest first."""

    paginate_by = settings.ARTICLES_PER_PAGE
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    heading_prefix = ""

    def get_queryset(self):
        return Article.objects.published().for_cards().newest_first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = self.subject
        context["heading"] = f"{self.heading_prefix}{self.subject}"
        context["breadcrumbs"] = self.get_breadcrumbs()
        return context

    def get_breadcrumbs(self):
        return [home_crumb(), Crumb(str(self.subject), self.subject.get_absolute_url())]


class LatestView(ArticleListView):
    """Latest News: every section, newest first."""

    template_name = "articles/latest.html"
    subject = "Latest News"

    def get_breadcrumbs(self):
        return [home_crumb(), Crumb(self.subject, reverse("articles:latest"))]


class SectionView(ArticleListView):
    template_name = "articles/section.html"

    def get_queryset(self):
        children = Category.objects.filter(parent=OuterRef("pk"))
        sections = Category.objects.annotate(has_children=Exists(children))
        self.subject = get_object_or_404(sections, slug=self.kwargs["slug"])
        # A parent section also lists its sub-sections' stories. Filtering on
        # plain ids (not a join) lets the database walk the section index.
        ids = [self.subject.pk]
        if self.subject.has_children:
            ids += Category.objects.filter(parent=self.subject).values_list("pk", flat=True)
        if self.subject.collects_videos:
            # The Videos section: its own stories and every video story filed elsewhere.
            return super().get_queryset().filter(Q(category_id__in=ids) | Q(video__isnull=False))
        return super().get_queryset().filter(category_id__in=ids)


class TagView(ArticleListView):
    template_name = "articles/tag.html"
    heading_prefix = "Tagged: "

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A tag whose stories are all drafts or scheduled must not reveal them.
        # (Checked on the paginator's count: ListView's allow_empty costs a query.)
        if not context["paginator"].count:
            raise Http404("No published stories carry this tag.")
        return context

    def get_queryset(self):
        self.subject = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(taggedarticle__tag=self.subject)

    def get_breadcrumbs(self):
        url = reverse("articles:tag", kwargs={"slug": self.subject.slug})
        return [home_crumb(), Crumb("Tags", reverse("articles:tags")), Crumb(self.subject.name, url)]


class AuthorView(ArticleListView):
    template_name = "articles/author.html"

    def get_queryset(self):
        self.subject = get_object_or_404(Author.objects.select_related("photo"), slug=self.kwargs["slug"])
        return super().get_queryset().filter(authors=self.subject)


class TagIndexView(PublicPageMixin, ListView):
    """Every tag that has at least one published article, A to Z."""

    template_name = "articles/tag_index.html"
    context_object_name = "tags"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [home_crumb(), Crumb("Tags", reverse("articles:tags"))]
        return context

    def get_queryset(self):
        items = "articles_taggedarticle_items__content_object__"
        live = Q(**{f"{items}status": Article.Status.PUBLISHED, f"{items}publish_at__lte": timezone.now()})
        return (
            Tag.objects.annotate(article_count=Count("articles_taggedarticle_items", filter=live))
            .filter(article_count__gt=0)
            .order_by(Lower("name"))
        )


class ArticleDetailView(PublicPageMixin, DetailView):
    """One article; drafts and scheduled ones only for editors, as a preview."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return (
            Article.objects.visible_to(self.request.user)
            .for_article_page()
            .prefetch_related(Prefetch("authors", queryset=Author.objects.only("name", "slug")), "tags")
        )

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            return self.redirect_from_old_slug()
        if self.object.category.slug != kwargs["section"]:
            return redirect(self.object, permanent=True)
        response = self.render_to_response(self.get_context_data(object=self.object))
        # Counted in the cache only; when a bulk flush is due it runs after
        # the response has gone out (the WSGI server calls the closers).
        if readership.is_countable(request, self.object) and readership.article_view_record(article_id=self.object.pk):
            response._resource_closers.append(readership.flush_after_response)
        return response

    def redirect_from_old_slug(self):
        old = ArticleSlugRedirect.objects.filter(old_slug=self.kwargs["slug"]).values("article_id").first()
        if old is None:
            raise Http404("No article at this address.")
        article = get_object_or_404(self.get_queryset(), pk=old["article_id"])
        return redirect(article, permanent=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context.update(Article.objects.section_neighbours(article))
        context["is_preview"] = not article.is_published
        context["breadcrumbs"] = [
            home_crumb(),
            Crumb(article.category.name, article.category.get_absolute_url()),
            Crumb(article.headline, article.get_absolute_url()),
        ]
        context["trending"] = [a for a in readership.trending_articles() if a.pk != article.pk][:TRENDING_BOX]
        return context


class CorrectionListView(PublicPageMixin, ListView):
    """Every correction and clarification on published articles, newest first."""

    template_name = "articles/corrections.html"
    context_object_name = "corrections"
    paginate_by = settings.ARTICLES_PER_PAGE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [home_crumb(), Crumb("Corrections", reverse("articles:corrections"))]
        return context

    def get_queryset(self):
        live = Article.objects.published().values("pk")
        return (
            Correction.objects.filter(article__in=live)
            .select_related("article__category")
            .defer("article__body")
            .order_by("-published_at", "-pk")
        )


class SearchView(PublicPageMixin, ListView):
    """Search results: relevance (or newest) first, 20 a page, matches highlighted."""

    template_name = "articles/search.html"
    context_object_name = "results"
    paginate_by = settings.SEARCH_RESULTS_PER_PAGE
    paginator_class = SearchPaginator

    def get_queryset(self):
        self.form = SearchForm(self.request.GET or None, sections=navigation_sections())
        self.params = self.form.params()
        if not self.params.has_criteria:
            return Article.objects.none()
        return search_articles(self.params)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.params
        results = list(context["object_list"])
        if params.text:
            decorate(results, params.text)
        own_query = self.pagination_query()
        context.update(
            results=results,
            form=self.form,
            params=params,
            search_query=params.text,
            query_was_cut=self.form.was_cut,
            section_name=next((s.name for s in navigation_sections() if s.id in params.section_ids), ""),
            sections=navigation_sections(),
            breadcrumbs=[home_crumb(), Crumb("Search", reverse("articles:search"))],
            # The page links and the canonical URL carry the search's own (cleaned) parameters.
            pagination_query=own_query,
            canonical_query=own_query,
            prev_label="← Previous",
            next_label="Next →",
        )
        if not results:
            # Somewhere to go next: the sections (cached) and the latest stories.
            cards = Article.objects.published().for_cards().newest_first()
            context["latest"] = list(cards[:SEARCH_SUGGESTIONS])
        return context

    def pagination_query(self):
        """The search's own parameters (never tracking ones), for the page links."""
        params, pairs = self.params, []
        section = next((s.slug for s in navigation_sections() if s.id in params.section_ids), "")
        for name, value in (
            ("q", params.text),
            ("section", section),
            ("start", params.start.isoformat() if params.start else ""),
            ("end", params.end.isoformat() if params.end else ""),
            ("sort", NEWEST if params.order == NEWEST else ""),
        ):
            if value:
                pairs.append((name, value))
        return urlencode(pairs)


class TrendingView(PublicPageMixin, TemplateView):
    """The most read articles of the last week (cached for a minute)."""

    template_name = "articles/trending.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        articles = readership.trending_articles(limit=TRENDING_PAGE)
        context.update(
            articles=articles,
            days=settings.TRENDING_DAYS,
            breadcrumbs=[home_crumb(), Crumb("Trending", reverse("articles:trending"))],
        )
        if not articles:
            context["latest"] = list(Article.objects.published().for_cards().newest_first()[:SEARCH_SUGGESTIONS])
        return context
