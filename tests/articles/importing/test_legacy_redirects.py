"""Legacy addresses lead only to this site: checked on the model, refused again when followed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import LegacyRedirect
from tests.html import parse, text

pytestmark = pytest.mark.django_db

#: What the security review stored through the admin, plus the backslash and whitespace tricks.
OFF_SITE = [
    "javascript:alert(document.domain)",
    "https://evil.example/phish",
    "//evil.example/",
    "/\\evil.example/",
    "/\t/evil.example/",
    "https://127.0.0.1@evil.example/",
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_an_off_site_target_cannot_be_stored_from_code_or_the_shell(target):
    with pytest.raises(ValidationError) as error:
        LegacyRedirect.objects.create(old_path="/old-offsite/", target_path=target)
    assert "target_path" in error.value.message_dict
    assert not LegacyRedirect.objects.exists()


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_admin_refuses_an_off_site_target_with_a_message(editor_client, target):
    url = reverse("admin:articles_legacyredirect_add")
    response = editor_client.post(url, {"old_path": "/old-offsite/", "target_path": target})
    assert response.status_code == 200
    assert "Enter a path on this site" in text(parse(response))
    assert not LegacyRedirect.objects.exists()


def test_an_old_address_must_be_a_path_without_control_characters():
    for old in ("old-page/", "/old\x00page/"):
        with pytest.raises(ValidationError):
            LegacyRedirect.objects.create(old_path=old, target_path="/markets/")


def test_a_path_on_this_site_is_followed_with_the_query(client):
    LegacyRedirect.objects.create(old_path="/old-markets/", target_path="/latest/")
    response = client.get("/old-markets/?utm_source=x")
    assert response.status_code == 301 and response["Location"] == "/latest/?utm_source=x"


def test_an_allow_listed_host_is_allowed(client, settings):
    settings.REDIRECT_ALLOWED_HOSTS = ["shop.example.com"]
    LegacyRedirect.objects.create(old_path="/old-shop/", target_path="https://shop.example.com/subscribe/")
    response = client.get("/old-shop/")
    assert response.status_code == 301 and response["Location"] == "https://shop.example.com/subscribe/"


@pytest.mark.parametrize("target", OFF_SITE)
def test_a_bad_row_stored_before_the_check_is_not_followed(client, target):
    """`/old-offsite/` answered 301 Location: https://evil.example/phish."""
    LegacyRedirect.objects.create(old_path="/old-offsite/", target_path="/placeholder/")
    LegacyRedirect.objects.update(target_path=target)  # around the model, like a row from before the check
    response = client.get("/old-offsite/")
    assert response.status_code == 404
    assert "Location" not in response


def test_the_admin_list_shows_a_bad_row_without_linking_it(editor_client):
    LegacyRedirect.objects.create(old_path="/old-offsite/", target_path="/placeholder/")
    LegacyRedirect.objects.update(target_path="javascript:alert(document.domain)")
    page = parse(editor_client.get(reverse("admin:articles_legacyredirect_changelist")))
    assert not page.cssselect('a[href^="javascript:"]')
    assert "refused: not on this site" in text(page)
