"""An administrator signs in with a password and a code from an authenticator app; a writer sets one up."""

import re
import time
from base64 import b32decode
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.roles import ADMINISTRATOR, EDITOR
from tests.articles.workflow.users import role_user
from tests.browser.checks import axe_report, serious_axe_violations
from tests.browser.support import expect
from tests.portal.logins.support import PASSWORD, code_for, enrolled, wrong_code


@pytest.fixture
def policy_warnings(open_context):
    """Chromium's complaints about the Permissions-Policy header (warnings, so the console watcher lets them by)."""
    seen = []

    def watch(page):
        page.on("console", lambda message: "Permissions-Policy" in message.text and seen.append(message.text))
        return page

    return seen, watch


def type_password(page, username):
    page.goto(reverse("admin:login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_an_administrator_signs_in_with_a_code(open_context, console, settings, screenshot, policy_warnings):
    settings.STAFF_REQUIRE_2FA = True
    chief = role_user(ADMINISTRATOR, username="chief")
    device = enrolled(chief)
    seen, watch = policy_warnings
    page = watch(open_context().new_page())

    type_password(page, "chief")
    expect(page).to_have_url(re.compile(re.escape(reverse("admin:login_code")) + "$"))
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    expect(page.get_by_text("Password accepted for chief")).to_be_visible()
    code = page.get_by_label("Code from your authenticator app")
    expect(code).to_be_focused()
    expect(code).to_have_attribute("autocomplete", "one-time-code")
    screenshot(page, "staff-login-code")

    code.fill(wrong_code(device))
    page.get_by_role("button", name="Verify and log in").click()
    expect(page.locator("#code-error")).to_contain_text("That code is not right.")
    expect(code).to_have_attribute("aria-invalid", "true")

    # django-otp checks no code for a second after a wrong one: let that second pass without sleeping.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now() - timedelta(seconds=2))
    code.fill(code_for(device))
    page.get_by_role("button", name="Verify and log in").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("admin:index")) + "$"))
    expect(page.locator("#user-tools")).to_contain_text("Two-factor sign-in")
    page.goto(reverse("admin:auth_user_changelist"))
    expect(page.locator("#result_list")).to_contain_text("chief")
    assert not seen, seen
    console.assert_clean()


def test_an_editor_sets_up_an_app_from_the_page_alone(open_context, console, screenshot, policy_warnings):
    role_user(EDITOR, username="desk")
    seen, watch = policy_warnings
    page = watch(open_context().new_page())
    type_password(page, "desk")
    expect(page).to_have_url(re.compile(re.escape(reverse("admin:index")) + "$"))
    page.get_by_role("link", name="Two-factor sign-in").click()
    qr = page.get_by_role("img", name=re.compile("QR code that adds desk"))
    expect(qr).to_be_visible()
    # The SVG drew under the admin's CSP (a data: image, no script, no other site).
    assert qr.evaluate("img => img.complete && img.naturalWidth > 100")
    screenshot(page, "staff-two-factor-enrol")

    # What a person types into their app by hand: the key shown on the page.
    key = page.locator(".two-factor__key").inner_text().replace(" ", "")
    totp = TOTP(b32decode(key + "=" * (-len(key) % 8)))
    totp.time = time.time()
    page.get_by_label("Then enter the code the app shows").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator(".messagelist")).to_contain_text("Two-factor sign-in is on")
    assert not seen, seen
    console.assert_clean()


@pytest.mark.parametrize("step", ["code", "enrol", "locked out"])
def test_the_sign_in_pages_have_no_serious_axe_violations(step, open_context, console):
    desk = role_user(EDITOR, username="desk")
    page = open_context(bypass_csp=True).new_page()
    if step == "enrol":
        type_password(page, "desk")
        page.goto(reverse("admin:two_factor"))
    elif step == "code":
        enrolled(desk)
        type_password(page, "desk")
        expect(page).to_have_url(re.compile(re.escape(reverse("admin:login_code")) + "$"))
    else:
        for _ in range(5):
            page.goto(reverse("admin:login"))
            page.get_by_label("Username").fill("desk")
            page.get_by_label("Password").fill("not-the-password")
            page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", name="Sign-in paused")).to_be_visible()
    blocking = serious_axe_violations(page)
    assert not blocking, axe_report(f"{step} ({page.url})", blocking)
    console.assert_clean()
