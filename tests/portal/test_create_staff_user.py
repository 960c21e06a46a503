"""create_staff_user: production accounts in a role, with a password nobody else chose."""

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from articles.models import Author
from portal.roles import CONTRIBUTOR, EDITOR

pytestmark = pytest.mark.django_db

STRONG = "correct-horse-battery-staple-42"


@pytest.fixture(autouse=True)
def production(settings, monkeypatch):
    """As an operator runs it: DEBUG off, no password in the environment unless a test sets one."""
    settings.DEBUG = False
    monkeypatch.delenv("DJANGO_STAFF_PASSWORD", raising=False)


def run(*args):
    out = io.StringIO()
    call_command("create_staff_user", *args, stdout=out)
    return out.getvalue()


def test_an_editor_from_the_environment_with_debug_off(monkeypatch):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", STRONG)
    output = run("dana", "--role", "editor", "--email", "dana@example.com", "--name", "Dana Desk", "--no-input")
    assert "Created the Editor account “dana”" in output and STRONG not in output
    user = get_user_model().objects.get(username="dana")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [EDITOR]
    assert (user.first_name, user.last_name, user.email) == ("Dana", "Desk", "dana@example.com")
    # axes (the sign-in lockout) wants the request a sign-in comes with.
    assert authenticate(RequestFactory().post("/admin/login/"), username="dana", password=STRONG) == user
    assert user.has_perm("articles.publish_article")


def test_a_contributor_typed_at_the_prompt_gets_an_author_profile(monkeypatch):
    answers = iter([STRONG, STRONG])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    run("casey", "--role", "Contributor", "--name", "Casey Writer")
    user = get_user_model().objects.get(username="casey")
    assert list(user.groups.values_list("name", flat=True)) == [CONTRIBUTOR]
    assert Author.objects.get(user=user).name == "Casey Writer"
    assert not user.has_perm("articles.publish_article")


@pytest.mark.parametrize("weak", ["password", "12345678", "short", "casey123"])
def test_weak_passwords_are_refused_by_the_validators(monkeypatch, weak):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", weak)
    with pytest.raises(CommandError, match="The password is refused"):
        run("casey", "--role", "Author", "--email", "casey@example.com", "--no-input")
    assert not get_user_model().objects.exists()


def test_two_different_passwords_at_the_prompt_create_nothing(monkeypatch):
    answers = iter([STRONG, STRONG + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError, match="differ"):
        run("casey", "--role", "Author")
    assert not get_user_model().objects.exists()


def test_no_input_without_a_password_says_where_to_put_it():
    with pytest.raises(CommandError, match="DJANGO_STAFF_PASSWORD"):
        run("casey", "--role", "Author", "--no-input")


def test_an_unknown_role_or_an_existing_account_is_refused(monkeypatch):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", STRONG)
    with pytest.raises(CommandError, match="Unknown role"):
        run("casey", "--role", "Owner", "--no-input")
    run("casey", "--role", "Author", "--no-input")
    with pytest.raises(CommandError, match="changepassword casey"):
        run("casey", "--role", "Editor", "--no-input")


@pytest.mark.parametrize("command", ["create_editor", "create_role_users"])
def test_the_demo_commands_still_refuse_production_and_point_here(command):
    with pytest.raises(CommandError, match="create_staff_user"):
        call_command(command, stdout=io.StringIO())
