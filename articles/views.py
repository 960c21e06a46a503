"""Reader pages of the newsroom: section, tag, author and article pages,
search, latest news and the most read."""

from contextlib import nullcontext
from urllib.parse import urlencode

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from articles import cards, readership, story
from articles.changes import articles_mentioned, articles_shown
from articles.models import Article, ArticleSlugRedirect, Author, Category, Correction, Disclosure, published_q
from articles.related.selectors import Related
from articles.search import NEWEST, SearchPaginator, decorate, refused_search, search_articles
from articles.search.forms import SearchForm
from articles.selectors import navigation_sections
from articles.social import person_ld
from articles.sources.selectors import with_sources
from portal.web import changes
from portal.web.breadcrumbs import Crumb, home_crumb
from portal.web.pagecache import expires_within, fragments, last_modified_add, on_cache_hit, surrogate_keys_add
from portal.web.redirects import safe_redirect
from portal.web.views import PublicPageMixin

SEARCH_SUGGESTIONS = 6
TRENDING_BOX = 5
TRENDING_PAGE = 20


class ArticleListView(PublicPageMixin, ListView):
    """A paginated list of published article cards, newest first."""

    paginate_by = settings.ARTICLES_PER_PAGE
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    heading_prefix = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.batch = cards.CardBatch(lazy=fragments.request_clock(request) is not None)

    def get_queryset(self):
        # Which stories, by id and version; their full card rows only for cards not kept (articles/cards.py).
        published = Article.objects.published()
        return (published.only(*cards.ROW) if self.batch.lazy else published.for_cards()).newest_first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = self.subject
        context["heading"] = f"{self.heading_prefix}{self.subject}"
        context["breadcrumbs"] = self.get_breadcrumbs()
        # Each card declares its story from inside itself ({% card %}).
        page = self.batch.cards(list(context["object_list"]))
        context["object_list"] = context[self.context_object_name] = page
        if context.get("page_obj") is not None:
            context["page_obj"].object_list = page
        surrogate_keys_add(self.request, *self.subject_keys())
        return context

    def subject_keys(self):
        """The surrogate keys of what the list is of (its cards declare themselves)."""
        return [changes.LISTINGS]

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
        self.section_ids = ids
        if self.subject.collects_videos:
            # The Videos section: its own stories and every video story filed elsewhere.
            return super().get_queryset().filter(Q(category_id__in=ids) | Q(video__isnull=False))
        return super().get_queryset().filter(category_id__in=ids)

    def subject_keys(self):
        keys = [f"section-{self.subject.pk}", *(f"list-section-{pk}" for pk in self.section_ids)]
        # The Videos section lists video stories from every section: a list across sections.
        return [*keys, changes.LISTINGS] if self.subject.collects_videos else keys


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

    def subject_keys(self):
        return [f"tag-{self.subject.pk}", f"list-tag-{self.subject.pk}"]

    def get_breadcrumbs(self):
        url = reverse("articles:tag", kwargs={"slug": self.subject.slug})
        return [home_crumb(), Crumb("Tags", reverse("articles:tags")), Crumb(self.subject.name, url)]


class AuthorView(ArticleListView):
    template_name = "articles/author.html"

    def get_queryset(self):
        self.subject = get_object_or_404(Author.objects.select_related("photo"), slug=self.kwargs["slug"])
        return super().get_queryset().filter(authors=self.subject)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = person_ld(self.subject, self.request)
        return context

    def subject_keys(self):
        photo = f"image-{self.subject.photo_id}" if self.subject.photo_id else ""
        return [f"author-{self.subject.pk}", f"list-author-{self.subject.pk}", photo]


class TagIndexView(PublicPageMixin, ListView):
    """Every tag that has at least one published article, A to Z."""

    template_name = "articles/tag_index.html"
    context_object_name = "tags"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [home_crumb(), Crumb("Tags", reverse("articles:tags"))]
        # Which tags have live stories, and how many: any publication may change it.
        surrogate_keys_add(self.request, changes.TAGS, changes.LISTINGS)
        return context

    def get_queryset(self):
        live = published_q("articles_taggedarticle_items__content_object__")
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
        articles = Article.objects.visible_to(self.request.user).for_article_page()
        return with_sources(articles).prefetch_related(
            Prefetch("authors", queryset=Author.objects.only("name", "slug", "role")), "tags"
        )

    def get(self, request, *args, **kwargs):
        try:
            # A reader whose page can be assembled from kept pieces needs only the article's small row.
            self.object = story.kept_story(request, kwargs["slug"]) or self.get_object()
        except Http404:
            return self.redirect_from_old_slug()
        if self.object.category.slug != kwargs["section"]:
            return safe_redirect(self.object, permanent=True)
        response = self.render_to_response(self.get_context_data(object=self.object))
        # Counted in the cache only; when a bulk flush is due it runs after
        # the response has gone out. A page cache hit counts it the same way.
        if self.object.is_live:
            on_cache_hit(request, "articles.view", self.object.pk)
        if readership.is_countable(request, self.object) and readership.article_view_record(article_id=self.object.pk):
            readership.flush_after_response()
        return response

    def redirect_from_old_slug(self):
        old = ArticleSlugRedirect.objects.filter(old_slug=self.kwargs["slug"]).values("article_id").first()
        if old is None:
            raise Http404("No article at this address.")
        article = get_object_or_404(self.get_queryset(), pk=old["article_id"])
        return safe_redirect(article, permanent=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["neighbours"] = story.Neighbours(article)
        context["related"] = Related(article, self.request)
        context["story"] = story.story_name(article)
        context["is_preview"] = not article.is_live
        context["breadcrumbs"] = [
            home_crumb(),
            Crumb(article.category.name, article.category.get_absolute_url()),
            Crumb(article.headline, article.get_absolute_url()),
        ]
        context["trending"] = [a for a in readership.trending_articles() if a.pk != article.pk][:TRENDING_BOX]
        # The story's own keys, and the section's list around it, are declared by its pieces as they render.
        articles_shown(self.request, context["trending"])
        return context


class CorrectionListView(PublicPageMixin, ListView):
    """Every correction and clarification on published articles, newest first."""

    template_name = "articles/corrections.html"
    context_object_name = "corrections"
    paginate_by = settings.ARTICLES_PER_PAGE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [home_crumb(), Crumb("Corrections", reverse("articles:corrections"))]
        corrections = list(context["object_list"])
        articles_mentioned(self.request, [correction.article for correction in corrections])
        last_modified_add(self.request, *(correction.published_at for correction in corrections))
        surrogate_keys_add(self.request, changes.CORRECTIONS, changes.LISTINGS)
        return context

    def get_queryset(self):
        live = Article.objects.published().values("pk")
        return (
            Correction.objects.filter(article__in=live)
            .select_related("article__category")
            .defer("article__body")
            .order_by("-published_at", "-pk")
        )


def refusal_guard():
    """What lets the page go on after the database refused a search.

    Inside a transaction (ATOMIC_REQUESTS, tests), PostgreSQL refuses every
    later query once one failed, so the search gets a savepoint; SQLite
    refuses a pattern before running it, and autocommit needs nothing.
    """
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        return transaction.atomic()
    return nullcontext()


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

    refused = False

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.refused:
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        params = self.params
        if params.text:
            try:
                with refusal_guard():
                    context = super().get_context_data(**kwargs)
                    results = decorate(list(context["object_list"]), params.text)
            except DatabaseError as error:
                if not refused_search(error):
                    raise
                self.refused = True
                self.object_list = Article.objects.none()
                context = super().get_context_data(object_list=self.object_list)
                results = []
        else:
            context = super().get_context_data(**kwargs)
            results = list(context["object_list"])
        own_query = self.pagination_query()
        context.update(
            search_refused=self.refused,
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
        articles_shown(self.request, [*results, *context.get("latest", ())])
        surrogate_keys_add(self.request, changes.LISTINGS)  # what matches changes with every publication
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
        articles_shown(self.request, [*articles, *context.get("latest", ())])
        surrogate_keys_add(self.request, changes.LISTINGS)
        # The ranking moves with readers' views, which announce nothing: kept as long as the list itself.
        expires_within(self.request, settings.TRENDING_CACHE_SECONDS)
        return context


#: The disclosure that marks a press release, and the company page that explains how they are handled.
PRESS_RELEASE_DISCLOSURE = "press-release"
PRESS_RELEASE_POLICY_PAGE = "press-release"


class PressReleaseListView(ArticleListView):
    """Published articles labelled "Press release", their own or by their section's default."""

    template_name = "articles/press_releases.html"
    subject = "Press Releases"

    def get_queryset(self):
        self.disclosure = Disclosure.objects.filter(slug=PRESS_RELEASE_DISCLOSURE).first()
        if self.disclosure is None:
            return Article.objects.none()
        own = Article.disclosures.through.objects.filter(disclosure=self.disclosure).values("article_id")
        by_section = Q(use_section_disclosure=True, category__default_disclosure=self.disclosure)
        return super().get_queryset().filter(Q(pk__in=own) | by_section)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["disclosure"] = self.disclosure
        if self.disclosure is not None:
            surrogate_keys_add(self.request, f"disclosure-{self.disclosure.pk}")
        try:
            context["policy_url"] = reverse("portal:page", kwargs={"slug": PRESS_RELEASE_POLICY_PAGE})
        except NoReverseMatch:  # the company pages are optional for this app
            context["policy_url"] = self.disclosure.policy_url if self.disclosure else ""
        return context

    def get_breadcrumbs(self):
        return [home_crumb(), Crumb(self.subject, reverse("articles:press_releases"))]
