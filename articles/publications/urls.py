"""URLs of the magazine and the research reports; included by portal/urls.py
before the sections' catch-all (both paths are reserved section slugs)."""

from django.urls import path

from articles.publications import views

magazine_patterns = [
    path("", views.MagazineArchiveView.as_view(), name="archive"),
    path("latest/", views.magazine_latest, name="latest"),
    # <key>: the issue's slug, or its number as a short link that redirects to it.
    path("<slug:key>/", views.MagazineIssueView.as_view(), name="detail"),
    path("<slug:key>/pdf/", views.MagazinePdfView.as_view(), name="pdf"),
]

report_patterns = [
    path("", views.ReportListView.as_view(), name="list"),
    path("<slug:slug>/", views.ReportView.as_view(), name="detail"),
    path("<slug:slug>/pdf/", views.ReportPdfView.as_view(), name="pdf"),
]
