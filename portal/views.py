"""The site shell's own pages: the home page and the error pages."""

from itertools import groupby

from django.conf import settings
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.views.generic import TemplateView
from django.views.static import serve

from articles.models import Article
from articles.views import PublicPageMixin

TOP_STORIES = 5
LATEST = 8
PER_SECTION = 4


class HomeView(PublicPageMixin, TemplateView):
    """Top stories, latest news, then the newest stories of each section."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cards = Article.objects.published().for_cards()
        top = list(cards.filter(is_top_story=True).newest_first()[:TOP_STORIES])
        seen = {a.pk for a in top}
        latest = [a for a in cards.newest_first()[: LATEST + TOP_STORIES] if a.pk not in seen][:LATEST]
        context.update(top_stories=top, latest=latest, section_blocks=self.section_blocks(cards))
        return context

    def section_blocks(self, cards):
        """[(section, [articles])] for the menu's sections, in one query.

        A window function ranks each section's stories, so the page costs the
        same number of queries however many sections the editors add.
        """
        ranked = (
            cards.filter(category__show_in_navigation=True)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=F("category_id"),
                    order_by=[F("publish_at").desc(), F("pk").desc()],
                )
            )
            .filter(rank__lte=PER_SECTION)
            .order_by("category__navigation_order", "category__name", "rank")
        )
        return [(section, list(items)) for section, items in groupby(ranked, key=lambda a: a.category)]


def media(request, path):
    """Serve an upload when SERVE_MEDIA is on; otherwise the web server's job."""
    if not settings.SERVE_MEDIA:
        raise Http404("Media files are served by the web server.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)
