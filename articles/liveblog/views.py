"""Reader pages of a live blog besides the article page: every update (paged), one update, the polled updates."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.generic import DetailView, ListView

from articles.changes import articles_shown
from articles.liveblog import selectors
from articles.liveblog.changes import stream_shown
from articles.liveblog.models import LiveBlogEntry
from articles.models import Article
from portal.web.breadcrumbs import Crumb, home_crumb
from portal.web.cache import cache_reader_page
from portal.web.pagecache import fragments
from portal.web.views import PublicPageMixin

#: The parts of the live blog's page the polled answer carries, by the name the page's script knows them.
PARTS = {
    "state": "articles/liveblog/includes/state.html",
    "key-events": "articles/liveblog/includes/key_events.html",
    "stream": "articles/liveblog/includes/entries.html",
}


def live_article(section, slug):
    """The live-blog article at this address, as readers may see it; 404 for anything else."""
    articles = Article.objects.published().for_cards().filter(liveblog__isnull=False)
    return get_object_or_404(articles, slug=slug, category__slug=section)


def stream_context(request, article):
    stream = selectors.stream(article)
    stream_shown(request, article, stream)
    return {
        "article": article,
        "stream": stream,
        "liveblog": stream.liveblog,
        "request": request,
        "archive_url": reverse("liveblog:archive", kwargs={"section": article.category.slug, "slug": article.slug}),
    }


def updates(request, section, slug):
    """What the live blog's page shows now, as HTML parts in JSON: polled by every open page, answered by the cache.

    Browsers ask again each time (max-age=0) and get a 304 while nothing
    changed; the page cache and the proxies keep the one answer for every
    reader until an entry of this live blog changes (`liveblog-<pk>`).
    """
    article = live_article(section, slug)

    def build():
        context = stream_context(request, article)
        stream = context["stream"]
        data = {
            "open": stream.liveblog.is_open,
            "ids": [entry.pk for entry in stream.all_shown],
            "parts": {name: render_to_string(template, context) for name, template in PARTS.items()},
        }
        return json.dumps(data, cls=DjangoJSONEncoder)

    # Kept per worker like the article page's pieces (and purged by the same keys): a worker asked again after a
    # purge elsewhere, or with the page cache off, answers with one query, the article's row.
    name = fragments.piece_name(request, "liveblog-updates", article.pk, article.modified_at.timestamp())
    response = HttpResponse(fragments.render(request, name, build), content_type="application/json")
    cache_reader_page(request, response)
    if response.has_header("Cache-Control") and "public" in response["Cache-Control"]:
        patch_cache_control(response, max_age=0)
    return response


class LiveArticleMixin(PublicPageMixin):
    def get_article(self):
        if not hasattr(self, "article"):
            self.article = live_article(self.kwargs["section"], self.kwargs["slug"])
        return self.article

    def crumbs(self, *extra):
        article = self.get_article()
        return [
            home_crumb(),
            Crumb(article.category.name, article.category.get_absolute_url()),
            Crumb(article.headline, article.get_absolute_url()),
            *extra,
        ]


class EntryArchiveView(LiveArticleMixin, ListView):
    """Every published update of a live blog, newest first, paged: the stream beyond what its page shows."""

    template_name = "articles/liveblog/archive.html"
    context_object_name = "entries"
    paginate_by = settings.LIVEBLOG_PAGE_ENTRIES

    def get_queryset(self):
        return selectors.entries_of(self.get_article()).newest_first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.get_article()
        for entry in context["entries"]:
            entry.article = article
        stream_shown(self.request, article, None, entries=context["entries"])
        articles_shown(self.request, [article])
        url = reverse("liveblog:archive", kwargs=self.kwargs)
        context.update(article=article, liveblog=selectors.loaded_liveblog(article))
        context["breadcrumbs"] = self.crumbs(Crumb("All updates", url))
        return context


class EntryView(LiveArticleMixin, DetailView):
    """One update on its own page: the address readers share."""

    template_name = "articles/liveblog/entry.html"
    context_object_name = "entry"

    def get_object(self, queryset=None):
        article = self.get_article()
        entry = (
            LiveBlogEntry.objects.published()
            .filter(article_id=article.pk, pk=self.kwargs["entry"])
            .select_related("author")
            .first()
        )
        if entry is None:
            raise Http404("This update is not published.")
        entry.article = article
        return entry

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article, entry = self.get_article(), self.object
        stream_shown(self.request, article, None, entries=[entry])
        articles_shown(self.request, [article])
        context.update(article=article, liveblog=selectors.loaded_liveblog(article))
        context["breadcrumbs"] = self.crumbs(Crumb(entry.label, entry.get_absolute_url()))
        return context
