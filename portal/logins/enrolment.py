"""A staff member's own two-factor page: add an authenticator app (QR code or key), or remove it.

The QR code is an SVG drawn here (segno) and shown as a data: image, so the
page needs no script and no other site, under the admin's strict CSP.
"""

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.logins.forms import CodeForm
from portal.logins.policy import CODE, ENROL, confirmed_device, two_factor_required, two_factor_state
from portal.logins.views import throttled
from portal.web.cache import cache_never
from portal.web.redirects import safe_redirect

APP_NAME = "Authenticator app"


def grouped_key(device):
    """The secret in base32, in groups of four, for typing into an app by hand."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code(device):
    """The otpauth:// address as a QR code, an SVG data: URI."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2, dark="#000", light="#fff")


def _check(form, device, wrong):
    """Whether the form holds the device's current code; else the reason is added to the form."""
    if not form.is_valid():
        return False
    if message := throttled(device):
        form.add_error("code", message)
        return False
    with transaction.atomic():
        if TOTPDevice.objects.select_for_update().get(pk=device.pk).verify_token(form.cleaned_data["code"]):
            return True
    form.add_error("code", wrong)
    return False


def _enrol(request, form):
    """The unconfirmed app being set up (kept across reloads, so a scanned code stays valid); confirm it."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)
    wrong = "That code does not match. Check the phone's clock is right and enter the newest code."
    if request.method == "POST" and _check(form, device, wrong):
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        otp_login(request, device)  # this session has just proved it holds the app
        messages.success(request, "Two-factor sign-in is on: you now sign in with your password and a code.")
        return safe_redirect("admin:index"), device
    return None, device


def _remove(request, form, device):
    """Remove the app after a current code from it; those who must keep one are sent to add a new one."""
    if _check(form, device, "That code is not right. Enter the code your app shows now."):
        TOTPDevice.objects.filter(user=request.user).delete()
        if two_factor_required(request.user):
            messages.warning(request, "Your app was removed. Your role needs two-factor sign-in: add the new one now.")
        else:
            messages.success(request, "Two-factor sign-in is off. You sign in with your password alone.")
        return safe_redirect("admin:two_factor")
    return None


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def two_factor(request, site):
    """Staff only; a session that still owes its code is sent to give it first."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return safe_redirect(f"{reverse('admin:login')}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}")
    state = two_factor_state(request)
    if state == CODE:
        return safe_redirect("admin:login")
    form = CodeForm(request.POST or None)
    device = confirmed_device(user)
    if device is not None:
        done = _remove(request, form, device) if request.method == "POST" else None
        template, extra = "admin/logins/two_factor_on.html", {"device": device}
    else:
        done, device = _enrol(request, form)
        extra = {"device": device, "qr_code": qr_code(device), "key": grouped_key(device), "uri": device.config_url}
        template = "admin/logins/two_factor_enrol.html"
    if done is not None:
        return done
    context = {
        **site.each_context(request),
        "title": "Two-factor sign-in",
        "subtitle": None,
        "form": form,
        "required": two_factor_required(user),
        "must_enrol": state == ENROL,
        **extra,
    }
    return cache_never(TemplateResponse(request, template, context))
