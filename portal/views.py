"""The site shell's own pages: the home page and the error pages."""

from django.conf import settings
from django.http import Http404
from django.views.generic import TemplateView
from django.views.static import serve

from articles.models import Article
from articles.services import navigation_sections
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
        """[(menu section, [articles])] for the sections in the menu, in one query."""
        sections = navigation_sections()
        stories = cards.newest_per_section([s.id for s in sections], PER_SECTION).newest_first()
        by_section = {}
        for article in stories:
            by_section.setdefault(article.category_id, []).append(article)
        return [(section, by_section[section.id]) for section in sections if section.id in by_section]


def media(request, path):
    """Serve an upload when SERVE_MEDIA is on; otherwise the web server's job."""
    if not settings.SERVE_MEDIA:
        raise Http404("Media files are served by the web server.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)
