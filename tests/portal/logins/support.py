"""Signing in as a person does (the admin's form), and codes computed like an authenticator app."""

import time

from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "pw-for-tests-only"


def sign_in(client, username, password=PASSWORD, address="127.0.0.1", **extra):
    """POST the admin's login form from `address`; the response is not followed."""
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
        **extra,
    )


def code_for(device, steps_ahead=0):
    """The code an authenticator app shows for `device` now (or `steps_ahead` 30-second steps later)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device):
    """Six digits that are none of the codes the device accepts right now."""
    accepted = {code_for(device, steps) for steps in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(1000000) if f"{n:06d}" not in accepted)


def enrolled(user):
    """Give `user` a confirmed authenticator app, as if they had set it up."""
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def submit_code(client, code, address="127.0.0.1"):
    return client.post(reverse("admin:login_code"), {"code": code}, REMOTE_ADDR=address)


def signed_in_username(client):
    """Whose session the client holds (None when not signed in), read from the admin index."""
    response = client.get(reverse("admin:index"))
    if response.status_code != 200:
        return None
    return response.wsgi_request.user.get_username()
