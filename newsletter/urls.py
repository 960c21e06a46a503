from django.urls import path

from newsletter import tracking, views

app_name = "newsletter"

urlpatterns = [
    path("", views.NewsletterPageView.as_view(), name="index"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("thanks/", views.ThanksView.as_view(), name="thanks"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("issues/<int:pk>/", views.IssueDetailView.as_view(), name="issue"),
    # Tracked links of sent issues (README "Newsletter click figures").
    path("r/<str:token>/", tracking.click, name="click-untagged"),
    path("r/<str:token>/<str:tag>/", tracking.click, name="click"),
    path("o/<str:token>.gif", tracking.opened, name="open"),
]
