"""The role groups: created by the data migration, kept current, read as permissions."""

import io

import pytest
from django.contrib.auth.models import Group, Permission

from portal.roles import ADMINISTRATOR, AUTHOR, CONTRIBUTOR, EDITOR, ROLES, role_allows, roles_sync


def perms(role):
    return {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=role).permissions.all()}


@pytest.mark.django_db
def test_the_migration_created_every_role():
    assert set(Group.objects.filter(name__in=ROLES).values_list("name", flat=True)) == set(ROLES)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, has, lacks",
    [
        (CONTRIBUTOR, {"articles.add_article", "articles.change_article", "articles.add_image"},
         {"articles.publish_article", "articles.delete_article", "articles.change_published_article"}),
        (AUTHOR, {"articles.change_published_article"}, {"articles.publish_article", "articles.review_article"}),
        (EDITOR, {"articles.publish_article", "articles.review_article", "articles.delete_article",
                  "articles.change_category", "articles.change_disclosure", "taggit.change_tag",
                  "newsletter.change_issue", "portal.change_page", "articles.add_previewlink"},
         {"auth.change_user", "auth.add_group", "articles.add_apikey", "articles.change_apikey"}),
        (ADMINISTRATOR, {"auth.change_user", "auth.change_group", "articles.publish_article", "articles.add_apikey"},
         set()),
    ],
)  # fmt: skip
def test_each_role_holds_what_it_needs_and_no_more(role, has, lacks):
    granted = perms(role)
    assert has <= granted
    assert not lacks & granted


def test_rules_are_per_app_so_future_models_are_covered():
    assert role_allows(EDITOR, "articles", "add_magazine")
    assert role_allows(EDITOR, "newsletter", "change_someday")
    assert not role_allows(EDITOR, "auth", "add_user")
    assert not role_allows(CONTRIBUTOR, "articles", "add_magazine")


@pytest.mark.django_db
def test_sync_is_idempotent_and_repairs_drift():
    editor = Group.objects.get(name=EDITOR)
    before = perms(EDITOR)
    editor.permissions.remove(Permission.objects.get(codename="publish_article"))
    editor.permissions.add(Permission.objects.get(codename="add_user"))
    roles_sync(group_model=Group, permission_model=Permission)
    roles_sync(group_model=Group, permission_model=Permission)
    assert perms(EDITOR) == before
    assert Group.objects.filter(name=EDITOR).count() == 1


@pytest.mark.django_db
def test_other_groups_are_left_alone():
    custom = Group.objects.create(name="Interns")
    custom.permissions.add(Permission.objects.get(codename="view_article"))
    roles_sync(group_model=Group, permission_model=Permission)
    assert custom.permissions.count() == 1


@pytest.mark.django_db
def test_create_role_users_is_idempotent_and_prints_the_logins(section, settings):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from articles.models import Article

    settings.DEBUG = True
    out = io.StringIO()
    call_command("create_role_users", stdout=out)
    call_command("create_role_users", stdout=io.StringIO())
    text = out.getvalue()
    for login in ("contributor / newsroom-demo", "author / newsroom-demo", "desk / newsroom-demo"):
        assert login in text
    desk = get_user_model().objects.get(username="desk")
    assert desk.is_staff and desk.has_perm("articles.publish_article") and not desk.is_superuser
    assert Article.objects.filter(status=Article.Status.IN_REVIEW).count() == 1  # something to review
