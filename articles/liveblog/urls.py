from django.urls import path

from articles.liveblog import views

app_name = "liveblog"

# Under the article's own address; included before the newsroom's patterns (a section and a story take two segments).
urlpatterns = [
    path("<slug:section>/<slug:slug>/live/", views.EntryArchiveView.as_view(), name="archive"),
    path("<slug:section>/<slug:slug>/live/updates.json", views.updates, name="updates"),
    path("<slug:section>/<slug:slug>/live/<int:entry>/", views.EntryView.as_view(), name="entry"),
]
