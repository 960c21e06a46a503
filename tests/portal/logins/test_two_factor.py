"""Staff two-factor sign-in: enrol an authenticator app, sign in with its code, required for administrators."""

import io
import re
import time
from base64 import b32encode
from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth import SESSION_KEY
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.logins.views import PENDING_KEY
from portal.roles import ADMINISTRATOR, EDITOR
from tests.articles.workflow.users import role_user
from tests.html import parse, text, texts
from tests.portal.logins.support import (
    code_for,
    enrolled,
    sign_in,
    signed_in_username,
    submit_code,
    wrong_code,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return role_user(EDITOR, username="desk")


@pytest.fixture
def chief():
    return role_user(ADMINISTRATOR, username="chief")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_staff_member_enrols_an_app_from_the_qr_code_or_the_key(desk):
    client = signed_in(desk)
    page = client.get(reverse("admin:two_factor"))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    doc = parse(page)
    qr = doc.cssselect("img.two-factor__qr")[0]
    assert qr.get("src").startswith("data:image/svg+xml;") and "QR code" in qr.get("alt")
    device = TOTPDevice.objects.get(user=desk, confirmed=False)
    key = text(doc.cssselect(".two-factor__key")[0])
    assert key.replace(" ", "") == b32encode(device.bin_key).decode().rstrip("=")
    uri = urlsplit(doc.cssselect("a[href^='otpauth://totp/']")[0].get("href"))
    assert unquote(uri.path) == "/Global Finance Review:desk"
    assert parse_qs(uri.query)["issuer"] == ["Global Finance Review"]
    assert not doc.cssselect("script:not([src])"), "no inline script: the page works under the strict CSP"
    # A reload shows the same key, so a code already scanned stays good.
    assert text(parse(client.get(reverse("admin:two_factor"))).cssselect(".two-factor__key")[0]) == key

    done = client.post(reverse("admin:two_factor"), {"code": code_for(device)}, follow=True)
    assert "Two-factor sign-in is on: you now sign in with your password and a code." in done.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.session["otp_device_id"] == device.persistent_id, "this session counts as verified"
    status = parse(client.get(reverse("admin:two_factor")))
    assert "Two-factor sign-in is on." in text(status.cssselect(".two-factor__status")[0])
    assert not status.cssselect("img.two-factor__qr"), "the secret is never shown again"


def test_a_wrong_code_does_not_turn_it_on(desk):
    client = signed_in(desk)
    client.get(reverse("admin:two_factor"))
    device = TOTPDevice.objects.get(user=desk)
    page = client.post(reverse("admin:two_factor"), {"code": wrong_code(device)})
    assert "That code does not match" in text(parse(page).cssselect("#code-error")[0])
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert texts(parse(client.post(reverse("admin:two_factor"), {"code": "12 34"})), "#code-error") == [
        "Enter the 6 digits your authenticator app shows."
    ]


def test_an_enrolled_member_signs_in_with_password_then_code(client, desk):
    device = enrolled(desk)
    response = sign_in(client, "desk")
    assert response.status_code == 302 and response["Location"] == reverse("admin:login_code")
    assert SESSION_KEY not in client.session, "a password alone signs nobody in"
    assert signed_in_username(client) is None
    page = client.get(reverse("admin:login_code"))
    assert "Password accepted for desk" in text(parse(page).cssselect("#content-main p")[0])
    assert client.get(reverse("admin:login_code")).status_code == 200

    done = submit_code(client, code_for(device))
    assert done.status_code == 302 and done["Location"] == reverse("admin:index")
    assert signed_in_username(client) == "desk"
    assert PENDING_KEY not in client.session


def test_a_wrong_code_is_refused_and_counted_as_a_failed_sign_in(client, desk):
    device = enrolled(desk)
    sign_in(client, "desk")
    guess = wrong_code(device)
    page = submit_code(client, guess)
    assert page.status_code == 200
    assert "That code is not right." in text(parse(page).cssselect("p.errornote")[0])
    assert signed_in_username(client) is None
    assert AccessFailureLog.objects.filter(username="desk").count() == 1
    assert guess not in AccessAttempt.objects.get(username="desk").post_data, "codes are masked like passwords"


def test_guessing_codes_leads_to_the_same_lockout_as_guessing_passwords(client, desk):
    device = enrolled(desk)
    sign_in(client, "desk")
    statuses = []
    for _ in range(5):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)  # past django-otp's own back-off
        statuses.append(submit_code(client, wrong_code(device)).status_code)
    assert statuses == [200, 200, 200, 200, 429]
    refused = submit_code(client, code_for(device))
    assert refused.status_code == 429
    assert "Too many failed sign-in attempts" in refused.content.decode()
    assert signed_in_username(client) is None


def test_django_otp_backs_off_after_a_wrong_code(client, desk):
    device = enrolled(desk)
    sign_in(client, "desk")
    submit_code(client, wrong_code(device))
    page = submit_code(client, code_for(device))
    assert re.search(r"Too many wrong codes in a row: wait \d+ seconds", page.content.decode())
    # The first back-off is one second: let it pass without sleeping.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now() - timedelta(seconds=2))
    assert submit_code(client, code_for(device)).status_code == 302


def test_the_back_off_after_wrong_codes_never_outlasts_the_cool_off(client, desk):
    """Someone with the password and many addresses cannot keep the owner out for days."""
    device = enrolled(desk)
    a_while_ago = timezone.now() - timedelta(minutes=14)
    devices = TOTPDevice.objects.filter(pk=device.pk)
    devices.update(throttling_failure_count=30, throttling_failure_timestamp=a_while_ago)  # a wait of 2**29 s
    sign_in(client, "desk")
    assert "Too many wrong codes in a row" in submit_code(client, code_for(device)).content.decode()
    devices.update(throttling_failure_timestamp=a_while_ago - timedelta(minutes=1))
    assert submit_code(client, code_for(device)).status_code == 302


def test_the_code_step_expires_and_needs_a_password_first(client, desk):
    device = enrolled(desk)
    assert submit_code(client, code_for(device))["Location"] == reverse("admin:login"), "no password given"
    sign_in(client, "desk")
    session = client.session
    session[PENDING_KEY] = {**session[PENDING_KEY], "since": time.time() - 301}
    session.save()
    response = submit_code(client, code_for(device))
    assert response["Location"] == reverse("admin:login")
    assert signed_in_username(client) is None
    assert "the code was not entered within 5 minutes" in client.get(reverse("admin:login")).content.decode()


def test_a_session_from_before_the_app_was_added_must_give_a_code(desk):
    client = signed_in(desk)
    enrolled(desk)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    login = client.get(response["Location"])
    assert login["Location"] == reverse("admin:login_code")
    assert SESSION_KEY not in client.session


def test_removing_the_app_needs_a_current_code(desk):
    client = signed_in(desk)
    client.get(reverse("admin:two_factor"))
    device = TOTPDevice.objects.get(user=desk)
    client.post(reverse("admin:two_factor"), {"code": code_for(device)})
    refused = client.post(reverse("admin:two_factor"), {"code": wrong_code(device)})
    assert "That code is not right" in refused.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)  # past django-otp's back-off
    done = client.post(reverse("admin:two_factor"), {"code": code_for(device, steps_ahead=1)}, follow=True)
    assert "Two-factor sign-in is off." in done.content.decode()
    assert not TOTPDevice.objects.filter(user=desk, confirmed=True).exists()
    assert parse(done).cssselect("img.two-factor__qr"), "back on the page that adds one, with a new key"


def test_with_staff_require_2fa_administrators_must_enrol_first(settings, chief, desk):
    settings.STAFF_REQUIRE_2FA = True
    client = signed_in(chief)
    for url in (reverse("admin:index"), reverse("admin:auth_user_changelist"), reverse("admin_calendar")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert client.get(response["Location"])["Location"] == reverse("admin:two_factor")
    page = parse(client.get(reverse("admin:two_factor")))
    assert "needs two-factor sign-in" in text(page.cssselect("p.errornote")[0])
    assert page.cssselect("form[action='/admin/logout/']"), "a way out without enrolling"
    device = TOTPDevice.objects.get(user=chief)
    client.post(reverse("admin:two_factor"), {"code": code_for(device)})
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    # Editors manage no accounts: not forced.
    assert signed_in(desk).get(reverse("admin:index")).status_code == 200


def test_someone_asked_to_enrol_can_sign_out_instead(settings, chief):
    settings.STAFF_REQUIRE_2FA = True
    client = signed_in(chief)
    response = client.post(reverse("admin:logout"))
    assert response.status_code == 200 and "Logged out" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_with_staff_require_2fa_a_superuser_must_enrol_too(settings, editor):
    settings.STAFF_REQUIRE_2FA = True
    client = Client()
    assert sign_in(client, "editor").status_code == 302
    assert client.get(reverse("admin:login"))["Location"] == reverse("admin:two_factor")
    assert client.get(reverse("admin:index")).status_code == 302


def test_without_staff_require_2fa_nobody_is_forced(chief):
    assert signed_in(chief).get(reverse("admin:index")).status_code == 200


def test_administrators_see_who_has_an_app_and_remove_a_lost_one_but_add_none(chief, desk):
    device = enrolled(desk)
    enrolled(chief)
    client = Client()
    sign_in(client, "chief")
    submit_code(client, code_for(TOTPDevice.objects.get(user__username="chief")))
    listing = client.get(reverse("admin:otp_totp_totpdevice_changelist"))
    assert listing.status_code == 200 and "desk" in text(parse(listing).cssselect("#result_list")[0])
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    detail = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).content.decode()
    assert device.key not in detail, "the secret is never shown to an administrator"
    client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert not TOTPDevice.objects.filter(user=desk).exists()


def test_an_editor_cannot_see_anyone_s_app(desk):
    assert signed_in(desk).get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 403


def test_an_operator_removes_a_lost_app_from_the_shell(client, chief):
    enrolled(chief)
    out = io.StringIO()
    call_command("remove_two_factor", "chief", stdout=out)
    assert out.getvalue() == "chief: removed 1 authenticator app.\n"
    assert sign_in(client, "chief").status_code == 302
    assert signed_in_username(client) == "chief", "the password alone, until a new app is added"
    with pytest.raises(CommandError, match="No such user: nobody"):
        call_command("remove_two_factor", "chief", "nobody")
