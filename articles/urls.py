from django.urls import path, register_converter

from articles import feeds, tagging, views  # noqa: F401 - tagging registers the "uslug" converter
from articles.history import feeds as history_feeds
from articles.history import views as history_views
from articles.workflow.preview import PreviewView


class FeedFormatConverter:
    regex = "rss|atom"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FeedFormatConverter, "feedformat")

app_name = "articles"

# Sections live at the site root, so these patterns are included last and
# section slugs may not take the fixed paths (see RESERVED_SLUGS).
urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    path("latest/", views.LatestView.as_view(), name="latest"),
    # "Trending", not "trends": /trends/ is the demo's Trends *section*.
    path("trending/", views.TrendingView.as_view(), name="trending"),
    path("feeds/<feedformat:fmt>/", feeds.feed_view(feeds.SiteFeed), name="feed"),
    path("feeds/sections/<slug:slug>/<feedformat:fmt>/", feeds.feed_view(feeds.SectionFeed), name="section_feed"),
    path("feeds/tags/<uslug:slug>/<feedformat:fmt>/", feeds.feed_view(feeds.TagFeed), name="tag_feed"),
    path("feeds/authors/<slug:slug>/<feedformat:fmt>/", feeds.feed_view(feeds.AuthorFeed), name="author_feed"),
    path("preview/<str:token>/", PreviewView.as_view(), name="preview"),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    path("corrections/feed/", history_feeds.correction_feed, name="corrections_feed"),
    path("corrections/feed/<feedformat:fmt>/", history_feeds.correction_feed, name="corrections_feed"),
    path("press-releases/", views.PressReleaseListView.as_view(), name="press_releases"),
    path("tags/", views.TagIndexView.as_view(), name="tags"),
    path("tags/<uslug:slug>/", views.TagView.as_view(), name="tag"),
    path("authors/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("<slug:section>/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("<slug:section>/<slug:slug>/changes/", history_views.ArticleHistoryView.as_view(), name="history"),
    path(
        "<slug:section>/<slug:slug>/changes/<int:number>/",
        history_views.ArticleVersionView.as_view(),
        name="version",
    ),
]
