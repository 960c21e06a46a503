"""One base view for every reader form: private, uncached, rate-limited, POST-redirect-GET."""

from django.conf import settings
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from portal.models import Page
from portal.submissions.forms import ContactForm, GuestPostForm
from portal.submissions.services import submission_create
from portal.web.breadcrumbs import Crumb, home_crumb
from portal.web.network import client_ip, rate_attempt
from portal.web.redirects import safe_redirect
from portal.web.views import PrivatePageMixin

RATE_LIMITED = "You have sent several forms in the last few minutes. Please wait a little and try again."


def submission_attempt(ip):
    """Count a submission from `ip` around its processing; yields False past SUBMISSIONS_PER_IP per window.

    A submission that fails (the database down) is not counted: see `rate_attempt`.
    """
    return rate_attempt(
        scope="portal:submission-rate",
        ip=ip,
        limit=settings.SUBMISSIONS_PER_IP,
        window=settings.SUBMISSIONS_WINDOW,
    )


class SubmissionFormView(PrivatePageMixin, FormView):
    """Show the form; store a valid one through `submission_create`, then redirect to the thanks page.

    Subclasses set `form_class`, `title`, `thanks_url_name` and optionally
    `intro_page` (the slug of a company page whose text goes above the form).
    """

    template_name = "portal/forms/submission_form.html"
    title = ""
    intro_page = None
    thanks_url_name = None
    submit_label = "Send"

    def get_success_url(self):
        return reverse(self.thanks_url_name)

    def get_breadcrumbs(self):
        return [home_crumb(), Crumb(self.title, self.request.path)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        intro = None
        if self.intro_page:
            intro = Page.objects.published().filter(slug=self.intro_page).only("title", "summary", "body").first()
        context.update(
            title=self.title, intro=intro, breadcrumbs=self.get_breadcrumbs(), submit_label=self.submit_label
        )
        return context

    def form_invalid(self, form, status=400):
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_bot():
            # Bots get the same answer as people and nothing is stored or sent.
            return safe_redirect(self.get_success_url())
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def form_valid(self, form):
        ip = client_ip(self.request)
        with submission_attempt(ip) as allowed:
            if not allowed:
                form.add_error(None, RATE_LIMITED)
                return self.form_invalid(form, status=429)
            submission_create(
                kind=form.kind,
                data=form.submission_data(),
                attachment=form.cleaned_data.get("attachment"),
                request_meta={"ip": ip},
            )
        return safe_redirect(self.get_success_url())


class ThanksView(PrivatePageMixin, TemplateView):
    """The confirmation after a submission (the redirect target, so a reload does not send again)."""

    template_name = "portal/forms/thanks.html"
    title = "Thank you"
    message = ""
    back_url_name = "home"
    back_label = "Back to the home page"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            message=self.message,
            back_url=reverse(self.back_url_name),
            back_label=self.back_label,
            breadcrumbs=[home_crumb(), Crumb(self.title, self.request.path)],
        )
        return context


class ContactView(SubmissionFormView):
    form_class = ContactForm
    title = "Contact Us"
    intro_page = "contact-us"
    thanks_url_name = "portal:contact_thanks"
    submit_label = "Send message"


class SubmitPostView(SubmissionFormView):
    form_class = GuestPostForm
    title = "Submit Post"
    intro_page = "submit-post"
    thanks_url_name = "portal:submit_post_thanks"
    submit_label = "Send pitch"


contact_thanks = ThanksView.as_view(
    message="We received your message and sent you a confirmation by email. "
    "Someone from our team will reply if it needs an answer."
)
submit_post_thanks = ThanksView.as_view(
    title="Thank you for your pitch",
    message="We received your pitch and sent you a confirmation by email. "
    "If it suits us, an editor will write to you within two weeks.",
)
