from django.urls import path

from articles import tagging, views  # noqa: F401 - tagging registers the "uslug" converter

app_name = "articles"

# Sections live at the site root, so these patterns are included last and
# section slugs may not take the fixed paths (see RESERVED_SLUGS).
urlpatterns = [
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    path("tags/", views.TagIndexView.as_view(), name="tags"),
    path("tags/<uslug:slug>/", views.TagView.as_view(), name="tag"),
    path("authors/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("<slug:section>/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
]
