"""Reader pages of the newsletter: signup, confirmation, preferences, unsubscribe, web version.

CSRF: the signup boxes sit on public pages that shared caches keep, so the
HTML cannot carry a per-reader CSRF token, and a CSRF cookie would mean a
cookie (and Vary: Cookie) on every page. The signup endpoint is therefore
csrf_exempt. What a forged cross-site signup can do is send one
confirmation mail to an address the forger could have typed into the form
themselves; it is bounded by double opt-in, one mail per address per
interval, the per-IP rate limit and the honeypot, and cross-site posts are
refused when the browser says so (Origin / Sec-Fetch-Site). The token pages
(confirm, preferences, unsubscribe) need no CSRF token: the secret in the
URL is the credential, and RFC 8058 one-click POSTs arrive without one.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, TemplateView

from articles.changes import articles_shown
from newsletter.forms import PreferencesForm, SubscribeForm
from newsletter.models import ConsentRecord, Issue, Subscriber
from newsletter.services.issues import issue_articles, issue_cards
from newsletter.services.lists import signup_lists
from newsletter.services.subscriptions import (
    ConfirmationRefused,
    preferences_update,
    signup_attempt,
    subscriber_unsubscribe,
    subscription_confirm,
    subscription_create,
)
from newsletter.tokens import (
    TokenError,
    TokenExpired,
    read_confirm_token,
    read_manage_token,
    read_unsubscribe_issue_token,
)
from portal.web import changes
from portal.web.cache import cache_never
from portal.web.network import client_ip, truncate_ip
from portal.web.pagecache import surrogate_keys_add
from portal.web.redirects import safe_redirect
from portal.web.views import PublicPageMixin


def private(response):
    """Pages for one person (their token is in the URL): never stored by a cache, never indexed."""
    return cache_never(response, noindex=True)


def message_page(request, *, title, text, status=200, links=True):
    return private(
        render(request, "newsletter/message.html", {"title": title, "text": text, "links": links}, status=status)
    )


def cross_site(request) -> bool:
    """True when the browser tells us the POST comes from another site."""
    if request.META.get("HTTP_SEC_FETCH_SITE") == "cross-site":
        return True
    origin = request.META.get("HTTP_ORIGIN")
    if not origin or origin == "null":
        return False
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return False
    return urlsplit(origin).netloc != request.get_host()


def page_context(form=None):
    """What /newsletter/ shows: every list described, the form, recent issues."""
    lists = signup_lists()
    if form is None:
        form = SubscribeForm(lists=lists, initial={"lists": [item.id for item in lists if item.is_default]})
    recent = (
        Issue.objects.filter(status=Issue.Status.SENT)
        .select_related("newsletter_list")
        .only("subject", "started_at", "newsletter_list__name")
        .order_by("-started_at")[:5]
    )
    return {
        "form": form,
        "lists": lists,
        "selected": {int(v) for v in form["lists"].value() or [] if str(v).isdigit()},
        "source": form.location,
        "recent_issues": recent,
    }


class NewsletterPageView(PublicPageMixin, TemplateView):
    """/newsletter/: every list, described, with a form to pick several."""

    template_name = "newsletter/index.html"

    def get_context_data(self, **kwargs):
        surrogate_keys_add(self.request, changes.NEWSLETTER_LISTS, changes.NEWSLETTER_ISSUES)
        return {**super().get_context_data(**kwargs), **page_context()}


class ThanksView(PublicPageMixin, TemplateView):
    """The one answer to every accepted signup: the same for every address."""

    template_name = "newsletter/thanks.html"


@csrf_exempt
@require_http_methods(["GET", "POST"])
def subscribe(request):
    """Every signup box posts here (see the module docstring on CSRF)."""
    if request.method == "GET":
        return safe_redirect("newsletter:index")
    if cross_site(request):
        return message_page(
            request,
            title="Please sign up on our site",
            text="This form was sent from another website. Use the form on our newsletter page instead.",
            status=403,
        )
    ip = client_ip(request)
    with signup_attempt(ip) as allowed:
        if not allowed:
            response = message_page(
                request,
                title="Too many signups",
                text="We received many signups from your network. Please try again in an hour.",
                status=429,
            )
            response["Retry-After"] = str(settings.NEWSLETTER_SIGNUP_WINDOW)
            return response
        return signup(request, ip)


def signup(request, ip):
    """Validate and record one signup; the caller has counted it (and gives it back if this raises)."""
    lists = signup_lists()
    form = SubscribeForm(request.POST, lists=lists)
    if form.is_bot:
        # Answer a bot as if it had succeeded, so it learns nothing.
        return safe_redirect("newsletter:thanks", status=303)
    if not form.is_valid():
        # The same form, on the newsletter page, with the problem next to the field.
        context = {**page_context(form), "has_errors": True}
        return private(render(request, "newsletter/index.html", context, status=400))
    subscription_create(
        email=form.cleaned_data["email"],
        list_ids=form.cleaned_data["lists"],
        source=form.cleaned_data["source"],
        ip_network=truncate_ip(ip),
    )
    return safe_redirect("newsletter:thanks", status=303)


def _consent_from(token):
    consent_id = read_confirm_token(token)
    consent = ConsentRecord.objects.select_related("subscriber").filter(pk=consent_id).first()
    if consent is None:
        raise TokenError("no such request")
    return consent


@csrf_exempt
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The confirmation link: a page with one button, because mail scanners follow links."""
    try:
        consent = _consent_from(token)
    except TokenExpired:
        return message_page(
            request,
            title="This link has expired",
            text="Confirmation links work for a few days. Sign up again and we will send you a new one.",
            status=410,
        )
    except TokenError:
        return message_page(
            request,
            title="This link does not work",
            text="The confirmation link is incomplete or damaged. Copy the whole link from the email, "
            "or sign up again.",
            status=400,
        )
    context = {"consent": consent, "token": token}
    if request.method == "POST":
        try:
            subscriber, _ = subscription_confirm(consent=consent, ip_network=truncate_ip(client_ip(request)))
        except ConfirmationRefused as refused:
            return message_page(request, title="We could not confirm this signup", text=str(refused), status=409)
        from newsletter.tokens import manage_token

        context.update(done=True, lists=subscriber.lists.all(), manage_token=manage_token(subscriber))
    return private(render(request, "newsletter/confirm.html", context))


def _subscriber_from(token):
    try:
        key = read_manage_token(token)
    except TokenError as error:
        raise Http404("This link is incomplete or damaged.") from error
    return get_object_or_404(Subscriber, key=key)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The personal unsubscribe link: GET asks, POST (the button, or RFC 8058 one-click) acts."""
    try:
        subscriber = _subscriber_from(token)
    except Http404:
        if request.method == "POST" and request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("Unknown link.\n", status=404, content_type="text/plain")
        return message_page(
            request,
            title="This link does not work",
            text="The unsubscribe link is incomplete or damaged, or it came from a test email. "
            "Copy the whole link from the newsletter you received.",
            status=404,
        )
    ip_network = truncate_ip(client_ip(request))
    # The issue whose link this is (signed; a damaged value just counts for no issue).
    issue_id = read_unsubscribe_issue_token(request.GET.get("issue"))
    if request.method == "POST" and request.POST.get("List-Unsubscribe") == "One-Click":
        # The mailbox's own button (RFC 8058): no page, just done.
        subscriber_unsubscribe(
            subscriber=subscriber, source=ConsentRecord.Source.ONE_CLICK, ip_network=ip_network, issue_id=issue_id
        )
        return private(HttpResponse("You are unsubscribed.\n", content_type="text/plain"))
    just_left = False
    if request.method == "POST":
        just_left = subscriber_unsubscribe(
            subscriber=subscriber, source=ConsentRecord.Source.UNSUBSCRIBE_PAGE, ip_network=ip_network,
            issue_id=issue_id,
        )  # fmt: skip
        subscriber.refresh_from_db()
    context = {"subscriber": subscriber, "token": token, "just_left": just_left,
               "issue_param": request.GET.get("issue", "") if issue_id else ""}  # fmt: skip
    return private(render(request, "newsletter/unsubscribe.html", context))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    """Change lists with the personal link; no login."""
    subscriber = _subscriber_from(token)
    lists = signup_lists()
    current = set(subscriber.subscriptions.values_list("newsletter_list_id", flat=True))
    data = request.POST if request.method == "POST" else None
    sharing = subscriber.subscriptions.filter(share_clicks=True).exists()
    form = PreferencesForm(data, lists=lists, initial={"lists": sorted(current), "share_clicks": sharing})
    if request.method == "POST" and subscriber.is_active and form.is_valid():
        preferences_update(
            subscriber=subscriber,
            list_ids=form.cleaned_data["lists"],
            ip_network=truncate_ip(client_ip(request)),
            share_clicks=form.cleaned_data["share_clicks"],
        )
        return safe_redirect(f"{request.path}?saved=1", status=303)
    context = {
        "subscriber": subscriber,
        "form": form,
        "token": token,
        "saved": request.GET.get("saved") == "1",
        "other_lists": subscriber.lists.exclude(pk__in=[item.id for item in lists]),
    }
    return private(render(request, "newsletter/preferences.html", context))


class IssueDetailView(PublicPageMixin, DetailView):
    """The web version of an issue ("view in browser"), once it went out."""

    template_name = "newsletter/issue_detail.html"
    context_object_name = "issue"

    def get_queryset(self):
        return Issue.objects.filter(status__in=[Issue.Status.SENDING, Issue.Status.SENT]).select_related(
            "newsletter_list"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        issue = self.object
        articles = issue_articles(issue)
        context["cards"] = issue_cards(articles, image=lambda image: image)
        articles_shown(self.request, articles)
        surrogate_keys_add(self.request, f"newsletter-issue-{issue.pk}")
        context["intro_paragraphs"] = [p.strip() for p in issue.intro.split("\n\n") if p.strip()]
        return context
