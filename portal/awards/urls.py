"""/awards/...: the route names the seeded Awards menu points at."""

from django.urls import path

from portal.awards import views

app_name = "awards"

urlpatterns = [
    path("", views.AboutView.as_view(), name="about"),
    path("timetable/", views.TimetableView.as_view(), name="timetable"),
    path("nominate/", views.NominateView.as_view(), name="nominate"),
    path("nominate/thanks/", views.nominate_thanks, name="nominate_thanks"),
    path("testimonials/", views.TestimonialsView.as_view(), name="testimonials"),
    path("media/", views.MediaRoomView.as_view(), name="media"),
    path("winners/", views.WinnersView.as_view(), name="winners"),
    path("winners/<int:year>/", views.WinnersView.as_view(), name="winners_year"),
    path("winners/<int:year>/<slug:category>/", views.WinnersView.as_view(), name="winners_category"),
    path("faq/", views.FAQView.as_view(), name="faq"),
]
