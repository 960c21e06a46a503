"""Staff sign-in resists guessing: lockouts per account-and-address and per address, always ending on time."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from portal.roles import ADMINISTRATOR, CONTRIBUTOR, EDITOR
from tests.articles.workflow.users import role_user
from tests.html import parse, text
from tests.portal.logins.support import sign_in, signed_in_username

pytestmark = pytest.mark.django_db

PAUSED = "Too many failed sign-in attempts. Signing in from your address is paused for 15 minutes"


@pytest.fixture
def desk():
    return role_user(EDITOR, username="desk")


def guess(client, username, times, address="127.0.0.1"):
    return [sign_in(client, username, "not-the-password", address=address).status_code for _ in range(times)]


def test_the_right_password_after_ten_wrong_ones_is_refused_with_a_message(client, desk):
    statuses = guess(client, "desk", 12)
    assert statuses[:4] == [200] * 4, "the first failures are ordinary form errors"
    assert statuses[4:] == [429] * 8, "the fifth failure locks"
    response = sign_in(client, "desk")
    assert response.status_code == 429
    assert response["Retry-After"] and 0 < int(response["Retry-After"]) <= 15 * 60
    assert "no-store" in response["Cache-Control"]
    assert PAUSED in text(parse(response).cssselect("p.errornote")[0])
    assert signed_in_username(client) is None


def test_a_form_error_before_the_lock_says_nothing_of_it(client, desk):
    response = sign_in(client, "desk", "not-the-password")
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()


def test_the_same_account_still_signs_in_from_another_address(client, desk):
    guess(client, "desk", 6, address="203.0.113.9")
    elsewhere = Client()
    response = sign_in(elsewhere, "desk", address="198.51.100.7")
    assert response.status_code == 302
    assert signed_in_username(elsewhere) == "desk"


def test_an_address_guessing_many_accounts_is_paused_for_all_of_them(client, desk):
    for n in range(20):
        sign_in(client, f"someone-{n}", "not-the-password", address="203.0.113.9")
    response = sign_in(client, "desk", address="203.0.113.9")
    assert response.status_code == 429
    assert sign_in(Client(), "desk", address="198.51.100.7").status_code == 302


def test_a_lock_ends_after_the_cool_off_and_tries_during_it_do_not_extend_it(client, desk):
    guess(client, "desk", 5)
    assert guess(client, "desk", 3) == [429] * 3
    attempt = AccessAttempt.objects.get(username="desk")
    assert attempt.failures_since_start == 5, "refused tries are not counted, so they cannot prolong the lock"
    AccessAttempt.objects.update(attempt_time=attempt.attempt_time - timedelta(minutes=15, seconds=1))
    assert sign_in(client, "desk").status_code == 302


def test_a_successful_sign_in_forgets_the_account_s_failures_but_not_the_address_s(client, desk):
    guess(client, "desk", 4)
    for n in range(10):
        sign_in(client, f"someone-{n}", "not-the-password")
    assert sign_in(client, "desk").status_code == 302
    assert not AccessAttempt.objects.filter(username="desk").exists()
    assert AccessAttempt.objects.filter(username__startswith="someone-").count() == 10


def test_behind_a_proxy_the_address_is_the_one_the_site_reads(client, desk, settings):
    settings.NEWSLETTER_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    guess_from_proxy = [
        sign_in(client, "desk", "not-the-password", address="10.0.0.2", HTTP_X_REAL_IP="203.0.113.9").status_code
        for _ in range(5)
    ]
    assert guess_from_proxy[-1] == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    # Another reader behind the same proxy is a different address.
    assert sign_in(Client(), "desk", address="10.0.0.2", HTTP_X_REAL_IP="198.51.100.7").status_code == 302


def test_an_administrator_unlocks_an_account_in_the_admin(client, desk):
    guess(client, "desk", 5)
    admin = Client()
    admin.force_login(role_user(ADMINISTRATOR, username="chief"))
    changelist = reverse("admin:axes_accessattempt_changelist")
    page = admin.get(changelist)
    assert page.status_code == 200
    assert "desk" in text(parse(page).cssselect("#result_list")[0])
    attempt = AccessAttempt.objects.get(username="desk")
    done = admin.post(changelist, {"action": "unlock", "_selected_action": [attempt.pk]}, follow=True)
    assert "Unlocked: desk from 127.0.0.1. They may sign in again now." in done.content.decode()
    assert sign_in(client, "desk").status_code == 302


def test_an_operator_unlocks_an_account_with_axes_reset_username(client, desk):
    guess(client, "desk", 5)
    assert sign_in(client, "desk").status_code == 429
    call_command("axes_reset_username", "desk")
    assert sign_in(client, "desk").status_code == 302


def test_the_audit_of_failures_is_for_administrators_only(client, desk):
    guess(client, "desk", 2, address="203.0.113.9")
    failures = reverse("admin:axes_accessfailurelog_changelist")
    admin = Client()
    admin.force_login(role_user(ADMINISTRATOR, username="chief"))
    audit = parse(admin.get(failures))
    rows = [text(row) for row in audit.cssselect("#result_list tbody tr")]
    assert len(rows) == 2 and all("desk" in row and "203.0.113.9" in row for row in rows)
    assert AccessFailureLog.objects.count() == 2
    for role in (CONTRIBUTOR, EDITOR):
        someone = Client()
        someone.force_login(role_user(role, username=f"{role.lower()}-1"))
        assert someone.get(failures).status_code == 403
        assert someone.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
        index = someone.get(reverse("admin:index")).content.decode()
        assert "Access failures" not in index and "Access attempts" not in index


def test_stored_attempts_never_keep_the_password(client, desk):
    guess(client, "desk", 1)
    assert "not-the-password" not in AccessAttempt.objects.get().post_data


def test_the_test_client_s_login_goes_through_the_lockout_too(desk):
    client = Client()
    assert client.login(username="desk", password="pw-for-tests-only")
    for _ in range(5):
        assert not client.login(username="desk", password="not-the-password")
    assert not client.login(username="desk", password="pw-for-tests-only"), "locked, like the form"
