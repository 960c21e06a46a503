"""Wire urgency and embargoes: an embargoed story is scheduled for its embargo, and nobody can publish it earlier."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, BreakingBanner
from articles.workflow.transitions import TransitionError, article_approve
from portal.roles import EDITOR
from tests.articles.admin_forms import change_form_data
from tests.articles.workflow.test_publish_control import buttons
from tests.articles.workflow.test_workflow_admin import change_url, login
from tests.articles.workflow.users import role_user
from tests.factories import AuthorFactory, ImageFactory
from tests.html import parse, texts

pytestmark = pytest.mark.django_db
S = Article.Status


def wire_doc(**fields):
    doc = {
        "uri": "urn:demo:wire:rates-flash",
        "type": "text",
        "version": "2",
        "firstcreated": (timezone.now() - timedelta(minutes=10)).isoformat(),
        "versioncreated": (timezone.now() - timedelta(minutes=5)).isoformat(),
        "headlines": [{"role": "main", "value": "Central bank to cut rates, sources say"}],
        "descriptions": [{"role": "summary", "value": "The decision is due at noon."}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>The bank will cut by half a point.</p>"}],
        "subjects": [{"name": "Interest rates"}],
    }
    doc.update(fields)
    return doc


def run_import(write, doc, *extra):
    out = io.StringIO()
    try:
        call_command("import_ninjs", str(write("story.json", json.dumps(doc))), *extra, stdout=out)
    except CommandError as error:
        return out.getvalue() + f"\nCommandError: {error}"
    return out.getvalue()


def test_an_embargoed_story_is_scheduled_for_its_embargo_and_keeps_its_urgency(client, headlines, write):
    embargo = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    output = run_import(write, wire_doc(urgency=1, embargoed=embargo.isoformat()))
    assert "1 created" in output and "embargoed until" in output
    article = Article.objects.get()
    assert (article.urgency, article.embargoed_until, article.publish_at) == (1, embargo, embargo)
    assert article.status == S.PUBLISHED and article.is_scheduled and article.is_embargoed
    assert client.get(article.get_absolute_url()).status_code == 404  # readers see nothing before it


def test_an_embargo_already_past_dates_the_story_no_earlier_than_it(headlines, write):
    embargo = (timezone.now() - timedelta(minutes=2)).replace(microsecond=0)
    run_import(write, wire_doc(urgency=4, embargoed=embargo.isoformat()))
    article = Article.objects.get()
    assert article.is_live and article.publish_at == embargo and not article.is_embargoed


@pytest.mark.parametrize("urgency", [0, 10, "1", 2.5, True])
def test_an_unreadable_urgency_or_embargo_is_refused_not_guessed(headlines, write, urgency):
    assert "must be a whole number from 1 to 9" in run_import(write, wire_doc(urgency=urgency))
    assert "“embargoed” is not a date-time" in run_import(write, wire_doc(embargoed="tomorrow at noon"))
    assert not Article.objects.exists()


def test_a_wire_story_without_them_carries_neither(headlines, write):
    run_import(write, wire_doc())
    assert Article.objects.get().urgency is None and Article.objects.get().embargoed_until is None


@pytest.fixture
def embargoed(headlines):
    editor = role_user(EDITOR)
    article = Article.objects.create(
        headline="Central bank to cut rates",
        slug="central-bank-to-cut-rates",
        category=headlines,
        summary="The decision is due at noon.",
        body="<p>The bank will cut by half a point.</p>",
        status=S.DRAFT,
        hero_image=ImageFactory(),
        urgency=1,
        embargoed_until=timezone.now() + timedelta(hours=1),
    )
    article.authors.add(AuthorFactory())
    return editor, article


def test_the_publish_control_offers_no_publish_now_and_says_why(embargoed):
    editor, article = embargoed
    page = login(editor).get(change_url(article)).content.decode()
    assert buttons(page) == ["Save draft", "Schedule"]
    notes = texts(parse(page), '[data-testid="wire-note"]')
    assert notes[0].startswith("Under embargo until") and "nobody can" in notes[0]
    assert "Wire urgency 1 (a flash)" in notes[1]


def test_an_editor_cannot_publish_it_now_through_the_form(embargoed):
    editor, article = embargoed
    response = login(editor).post(change_url(article), change_form_data(article, _workflow="approve"), follow=True)
    assert "Under embargo until" in response.content.decode()
    article.refresh_from_db()
    assert article.status == S.DRAFT


def test_nor_schedule_it_before_the_embargo(embargoed):
    editor, article = embargoed
    early = timezone.localtime(article.embargoed_until - timedelta(minutes=30))
    data = change_form_data(
        article, _workflow="schedule", publish_at_0=early.strftime("%Y-%m-%d"), publish_at_1=early.strftime("%H:%M:%S")
    )
    response = login(editor).post(change_url(article), data)
    assert response.status_code == 200 and "Under embargo until" in response.content.decode()
    article.refresh_from_db()
    assert article.status == S.DRAFT


def test_scheduling_it_at_the_embargo_works(embargoed):
    editor, article = embargoed
    when = timezone.localtime(article.embargoed_until + timedelta(minutes=1))
    data = change_form_data(
        article, _workflow="schedule", publish_at_0=when.strftime("%Y-%m-%d"), publish_at_1=when.strftime("%H:%M:%S")
    )
    login(editor).post(change_url(article), {**data, "confirm_checks": "disclosure"})
    article.refresh_from_db()
    assert article.is_scheduled and article.publish_at >= article.embargoed_until


def test_the_workflow_services_refuse_and_the_database_too(embargoed):
    editor, article = embargoed
    with pytest.raises(TransitionError, match="Under embargo until"):
        article_approve(article=article, user=editor)
    with pytest.raises(TransitionError):
        article_approve(article=article, user=editor, publish_at=article.embargoed_until - timedelta(seconds=1))
    # Even a write that bypasses everything (an update(), the shell) is refused by the constraint.
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status=S.PUBLISHED, publish_at=timezone.now())
    article_approve(article=article, user=editor, publish_at=article.embargoed_until)
    article.refresh_from_db()
    assert article.is_scheduled


def test_the_bulk_publish_action_holds_it_back(embargoed):
    editor, article = embargoed
    response = login(editor).post(
        "/admin/articles/article/", {"action": "publish", "_selected_action": [article.pk]}, follow=True
    )
    assert "Under embargo until" in response.content.decode()
    article.refresh_from_db()
    assert article.status == S.DRAFT


def test_a_flash_is_flagged_on_the_dashboard_and_one_click_makes_the_banner(client, headlines, write):
    run_import(write, wire_doc(urgency=1))
    flash = Article.objects.get()
    editor = role_user(EDITOR)
    desk = login(editor)
    board = parse(desk.get("/admin/").content.decode())
    card = board.cssselect('[data-testid="dash-flashes"]')[0]
    assert texts(card, "li a") == [flash.headline]
    form = card.cssselect("form")[0]
    assert "Make breaking banner" in texts(card, "button")[0]
    response = desk.post(form.get("action"))
    banner = BreakingBanner.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/{banner.pk}/change/")
    assert (banner.article, banner.text, banner.kind) == (flash, flash.headline, "breaking")
    assert timedelta(hours=1, minutes=59) < banner.expires_at - banner.starts_at <= timedelta(hours=2)
    card = parse(desk.get("/admin/").content.decode()).cssselect('[data-testid="dash-flashes"]')[0]
    assert "banner up" in card.text_content() and not card.cssselect("form")
    shown = parse(client.get("/").content).cssselect("aside.breaking a")
    assert [a.get("href") for a in shown] == [flash.get_absolute_url()]


def test_the_one_click_needs_a_post_and_the_permission(headlines, write):
    run_import(write, wire_doc(urgency=2))
    flash = Article.objects.get()
    url = f"/admin/articles/breakingbanner/from-article/{flash.pk}/"
    assert login(role_user(EDITOR)).get(url).status_code == 405
    writer = role_user("Contributor")
    assert login(writer).post(url).status_code == 403
    assert not BreakingBanner.objects.exists()


def test_a_flash_offers_a_banner_from_its_own_form_prefilled(embargoed):
    editor, article = embargoed
    desk = login(editor)
    link = parse(desk.get(change_url(article)).content.decode()).cssselect('[data-testid="banner-link"]')[0]
    form = parse(desk.get(link.get("href")).content.decode())
    assert form.cssselect("select[name=article] option[selected]")[0].get("value") == str(article.pk)
    assert form.cssselect("input[name=text]")[0].get("value") == article.headline
    assert form.cssselect("input[name=expires_at_0]")[0].get("value")  # ends BREAKING_BANNER_HOURS from now
