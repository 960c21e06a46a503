"""Users in the newsroom's roles, for the workflow tests."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from portal.roles import ADMINISTRATOR, AUTHOR, CONTRIBUTOR, EDITOR
from tests.factories import AuthorFactory

ROLES = [CONTRIBUTOR, AUTHOR, EDITOR, ADMINISTRATOR]


def role_user(role, username=None, **extra):
    """A staff user in the role's group (and an Author profile for writers, credited on their work)."""
    username = username or role.lower()
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", "pw-for-tests-only", is_staff=True, **extra
    )
    user.groups.add(Group.objects.get(name=role))
    if role in (CONTRIBUTOR, AUTHOR):
        AuthorFactory(name=f"{role} Writer", slug=f"{username}-writer", user=user)
    return user
