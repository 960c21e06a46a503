"""The revision difference shows a change of type or AI use in the words the form uses, and names the reviewer."""

import pytest
from django.urls import reverse
from reversion.models import Version

from portal.roles import EDITOR
from tests.articles.workflow.test_revisions import login, save
from tests.articles.workflow.users import role_user
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def test_the_difference_names_the_type_the_ai_use_and_the_reviewer(db):
    editor = role_user(EDITOR)
    story = ArticleFactory(category=CategoryFactory(name="Business", slug="business"), created_by=editor)
    client = login(editor)
    save(client, story)
    reviewer = AuthorFactory(name="Maria Keller")
    save(client, story, work_type="analysis", ai_use="drafted", ai_reviewed_by=reviewer.pk)
    new, old = list(Version.objects.get_for_object(story))[:2]
    response = client.get(reverse("admin:articles_article_compare", args=[story.pk]), {"old": old.pk, "new": new.pk})
    rows = {row["label"]: row for row in response.context["rows"]}
    page = response.content.decode()
    assert {"Type of work", "AI use in the text", "AI use reviewed by"} <= set(rows)
    assert "Analysis" in page and "Text drafted with AI, edited by a journalist" in page and "Maria Keller" in page
