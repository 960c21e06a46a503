"""Reader pages of the newsroom: section, tag, author and article pages."""

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from articles.models import Article, ArticleSlugRedirect, Author, Category, Correction


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
        return context


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


class AuthorView(ArticleListView):
    template_name = "articles/author.html"

    def get_queryset(self):
        self.subject = get_object_or_404(Author.objects.select_related("photo"), slug=self.kwargs["slug"])
        return super().get_queryset().filter(authors=self.subject)


class TagIndexView(PublicPageMixin, ListView):
    """Every tag that has at least one published article, A to Z."""

    template_name = "articles/tag_index.html"
    context_object_name = "tags"

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
        return self.render_to_response(self.get_context_data(object=self.object))

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
        return context


class CorrectionListView(PublicPageMixin, ListView):
    """Every correction and clarification on published articles, newest first."""

    template_name = "articles/corrections.html"
    context_object_name = "corrections"
    paginate_by = settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        live = Article.objects.published().values("pk")
        return (
            Correction.objects.filter(article__in=live)
            .select_related("article__category")
            .defer("article__body")
            .order_by("-published_at", "-pk")
        )
