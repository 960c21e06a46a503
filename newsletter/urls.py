from django.urls import path

from newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("", views.NewsletterPageView.as_view(), name="index"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("thanks/", views.ThanksView.as_view(), name="thanks"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("issues/<int:pk>/", views.IssueDetailView.as_view(), name="issue"),
]
