"""The reader forms that stand alone: Contact Us and Submit Post (nominations live under /awards/).

Included into the "portal" namespace by portal/urls.py, so their names are
`portal:contact`, `portal:submit_post` and their thanks pages.
"""

from django.urls import path

from portal.submissions.views import ContactView, SubmitPostView, contact_thanks, submit_post_thanks

urlpatterns = [
    path("contact/", ContactView.as_view(), name="contact"),
    path("contact/thanks/", contact_thanks, name="contact_thanks"),
    path("submit-post/", SubmitPostView.as_view(), name="submit_post"),
    path("submit-post/thanks/", submit_post_thanks, name="submit_post_thanks"),
]
