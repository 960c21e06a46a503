from django.urls import path

from articles.alerts import views

app_name = "alerts"

urlpatterns = [
    # At the root: a service worker controls only the pages under its own folder.
    path("sw.js", views.service_worker, name="service_worker"),
    path("alerts/", views.AlertsPageView.as_view(), name="page"),
    path("alerts/subscribe/", views.subscribe, name="subscribe"),
    path("alerts/unsubscribe/", views.unsubscribe, name="unsubscribe"),
]
