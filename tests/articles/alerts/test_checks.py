"""`manage.py check` finds a VAPID key pair that is half set, malformed or mismatched; `webpush_keys` makes one."""

import io

import pytest
from django.core.management import call_command

from articles.alerts.checks import vapid_keys_check
from articles.alerts.keys import keypair_generate


def test_a_good_pair_or_none_passes(settings):
    # None is "alerts off", which the admin explains when an editor tries to send: not a fault of the deploy.
    settings.WEBPUSH_VAPID_PUBLIC_KEY, settings.WEBPUSH_VAPID_PRIVATE_KEY = keypair_generate()
    assert vapid_keys_check() == []
    settings.WEBPUSH_VAPID_PUBLIC_KEY = settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    assert vapid_keys_check() == []


@pytest.mark.parametrize(
    "public, private, expected",
    [
        ("pub", "", "articles.E111"),
        ("", "priv", "articles.E111"),
        ("pub", "not-a-key", "articles.E112"),
        ("other", "own", "articles.E113"),
    ],
)
def test_a_broken_pair_stops_the_start_with_its_reason(settings, public, private, expected):
    own_public, own_private = keypair_generate()
    other_public, _ = keypair_generate()
    named = {"pub": own_public, "priv": own_private, "own": own_private, "other": other_public}
    settings.WEBPUSH_VAPID_PUBLIC_KEY = named.get(public, public)
    settings.WEBPUSH_VAPID_PRIVATE_KEY = named.get(private, private)
    (error,) = vapid_keys_check()
    assert error.id == expected and "webpush_keys" in error.hint


def test_webpush_keys_prints_a_matching_pair_for_the_environment(settings):
    out = io.StringIO()
    call_command("webpush_keys", stdout=out)
    lines = dict(line.split("=", 1) for line in out.getvalue().split())
    settings.WEBPUSH_VAPID_PUBLIC_KEY = lines["WEBPUSH_VAPID_PUBLIC_KEY"]
    settings.WEBPUSH_VAPID_PRIVATE_KEY = lines["WEBPUSH_VAPID_PRIVATE_KEY"]
    assert vapid_keys_check() == []
