"""The demo has a mix of types of work and one AI-assisted story, passing the checks; the labels page is seeded."""

import io

import pytest
from django.core.management import call_command

from articles.models import Article, Category
from articles.workflow.checks import article_checks, blocking
from portal.models import Page
from tests.html import parse_ok, text

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_type_and_one_ai_assisted_story_readers_see(client):
    call_command("seed_pages", stdout=io.StringIO())
    call_command("seed_demo", articles=40, verbosity=0)
    demo = Article.objects.filter(demo_story__isnull=False)
    assert {a.work_type_key for a in demo} == {
        "news",
        "analysis",
        "opinion",
        "interview",
        "explainer",
        "review",
        "feature",
    }
    assert Category.objects.get(slug="interviews").default_work_type == "interview"
    (assisted,) = demo.exclude(ai_use="")
    assert assisted.is_live and assisted.ai_reviewed_by in assisted.authors.all()
    for article in demo.published().exclude(work_type="").select_related("hero_image", "category"):
        assert not blocking(article_checks(article)), article  # each label is complete: role, reviewed item
    note = parse_ok(client.get(assisted.get_absolute_url())).cssselect(".story__ai-use")[0]
    assert "AI tools helped with research or translation" in text(note)
    assert f"Checked by {assisted.ai_reviewed_by.name}." in text(note)

    call_command("seed_demo", articles=40, verbosity=0)  # idempotent, and an editor's choice is kept
    assert demo.exclude(ai_use="").count() == 1


def test_a_demo_seeded_before_the_labels_gets_them_once_and_editors_choices_stay(client):
    call_command("seed_demo", articles=20, verbosity=0)
    demo = Article.objects.filter(demo_story__isnull=False)
    demo.update(work_type="", byline_role="", reviewed_item="", ai_use="", ai_note="", ai_reviewed_by=None)
    Category.objects.filter(slug="interviews").update(default_work_type="news")
    call_command("seed_demo", articles=20, verbosity=0)
    assert Category.objects.get(slug="interviews").default_work_type == "interview"
    assert demo.exclude(work_type="").exists() and demo.exclude(ai_use="").count() == 1
    chosen = demo.exclude(work_type="").first()
    chosen.work_type = "feature"
    chosen.save()
    call_command("seed_demo", articles=20, verbosity=0)
    chosen.refresh_from_db()
    assert chosen.work_type == "feature"


def test_seed_pages_makes_the_labels_page_and_the_labels_link_it(client):
    call_command("seed_pages", stdout=io.StringIO())
    page = Page.objects.get(slug="types-of-work-and-ai")
    body = text(parse_ok(client.get(page.get_absolute_url())).cssselect(".prose")[0])
    for words in ("News:", "Analysis:", "Opinion:", "Interview:", "Explainer:", "Review:", "Feature:", "How we use AI"):
        assert words in body
    call_command("seed_demo", articles=5, verbosity=0)
    home = parse_ok(client.get("/"))
    assert {a.get("href") for a in home.cssselect("a.type-label")} == {page.get_absolute_url()}
