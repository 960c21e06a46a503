"""The sign-in pages: password (Django's admin login), then the code, and the lockout page.

An account with an authenticator app is not signed in after its password:
the session only remembers, for PENDING_SECONDS, who is waiting for a code.
Nothing (admin, previews of drafts) opens on a password alone.
"""

import math
import time
from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import BACKEND_SESSION_KEY, REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from portal.logins.forms import CodeForm
from portal.logins.policy import confirmed_device
from portal.web.cache import cache_never
from portal.web.redirects import safe_redirect

PENDING_KEY = "staff_login_pending"
# Long enough to find the phone, short enough that a forgotten tab is useless.
PENDING_SECONDS = 300
WRONG_CODE = "That code is not right. Enter the code your app shows now (it changes every 30 seconds)."


def safe_next(request):
    """The `next` address of the request if it is on this site, else the admin index."""
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("admin:index")


class PasswordStep(LoginView):
    """Django's login view, stopping before the login for accounts with an authenticator app."""

    def form_valid(self, form):
        user = form.get_user()
        if confirmed_device(user) is None:
            return super().form_valid(form)
        return ask_for_code(self.request, user, next_url=self.get_success_url())


def ask_for_code(request, user, *, next_url):
    """Remember that `user` gave the right password and send them to the code step.

    A session signed in with a password alone (made before the app was added)
    is ended first: the code step signs in anew.
    """
    backend = getattr(user, "backend", None) or request.session.get(BACKEND_SESSION_KEY)
    if request.user.is_authenticated:
        auth_logout(request)
    request.session[PENDING_KEY] = {"user": user.pk, "backend": backend, "since": time.time(), "next": next_url}
    return safe_redirect("admin:login_code")


def pending_sign_in(request):
    """(user, their app, backend, next address) waiting for a code, or None when there is none or it expired."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("since", 0) > PENDING_SECONDS:
        return None
    user = get_user_model()._default_manager.filter(pk=pending.get("user"), is_active=True, is_staff=True).first()
    device = confirmed_device(user) if user else None
    if device is None:
        return None
    backend = pending.get("backend") or "django.contrib.auth.backends.ModelBackend"
    return user, device, backend, pending.get("next") or reverse("admin:index")


def _verify(user, device, code):
    """Whether `code` is the app's current one; locks the device row, as django-otp's throttling needs."""
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk, user=user)
        return locked.verify_token(code)


def throttled(device):
    """The message while django-otp's back-off after wrong codes runs, else None.

    django-otp doubles the wait after each wrong code, without end: someone who
    knows the password could keep the owner out for days. The wait is lifted
    once a sign-in cool-off has passed; the lockout still limits every address.
    """
    last_failure = device.throttling_failure_timestamp
    if last_failure and timezone.now() - last_failure >= settings.AXES_COOLOFF_TIME:
        # Only these two columns: a whole save() of this copy could put back an older last_t (a used code).
        type(device).objects.filter(pk=device.pk).update(throttling_failure_timestamp=None, throttling_failure_count=0)
        device.throttle_reset(commit=False)
    allowed, details = device.verify_is_allowed()
    if allowed:
        return None
    until = (details or {}).get("locked_until")
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds())) if until else 1
    return f"Too many wrong codes in a row: wait {seconds} seconds, then enter the code your app shows."


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def code_step(request, site):
    """Ask for the code; sign in when it is right, count it as a failed sign-in when it is wrong."""
    pending = pending_sign_in(request)
    if pending is None:
        if request.session.pop(PENDING_KEY, None) is not None:
            messages.info(request, "Sign in again: the code was not entered within 5 minutes.")
        return safe_redirect("admin:login")
    user, device, backend, next_url = pending
    credentials = {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if not AxesProxyHandler.is_allowed(request, credentials):
            return locked_out(request, credentials=credentials)
        if form.is_valid():
            if message := throttled(device):
                form.add_error("code", message)
            elif _verify(user, device, form.cleaned_data["code"]):
                del request.session[PENDING_KEY]
                user.otp_device = device  # django-otp marks the new session as verified by this app
                auth_login(request, user, backend=backend)
                return safe_redirect(next_url)
            else:
                form.add_error("code", WRONG_CODE)
                # Counted by django-axes like a wrong password: guessing codes leads to the same lockout.
                user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    context = {
        **site.each_context(request),
        "title": "Enter your code",
        "subtitle": None,
        "form": form,
        "pending_user": user,
    }
    return cache_never(TemplateResponse(request, "admin/logins/code.html", context))


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a 429 page that says why, until when, and who can lift it."""
    handler = AxesProxyHandler.get_implementation()
    ends = handler.lock_ends_at(request, credentials) if hasattr(handler, "lock_ends_at") else None
    remaining = (ends - timezone.now()) if ends else (get_cool_off(request) or timedelta(0))
    minutes = max(1, math.ceil(remaining.total_seconds() / 60))
    context = {
        **admin.site.each_context(request),
        "title": "Sign-in paused",
        "subtitle": None,
        "minutes": minutes,
        "ends": timezone.localtime(ends or timezone.now() + remaining),
    }
    response = TemplateResponse(request, "admin/logins/locked_out.html", context, status=429)
    response["Retry-After"] = str(max(1, math.ceil(remaining.total_seconds())))
    return cache_never(response.render())
