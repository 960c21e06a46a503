from django.urls import path

from articles.textedition import views

app_name = "textedition"

urlpatterns = [
    path("", views.TextFrontView.as_view(), name="front"),
    path("<slug:section>/<slug:slug>/", views.TextArticleView.as_view(), name="article"),
]
