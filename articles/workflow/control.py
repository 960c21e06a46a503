"""The publish control: the moves a user may make, the article's state in words, and the
pre-publish gate (errors block, warnings need one confirmation)."""

from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article
from articles.wire.rules import embargo_note
from articles.workflow import permissions
from articles.workflow.checks import ERROR, INFO, WARNING, article_checks, blocking, warnings

S = Article.Status
# Moves that make an article reach readers: they pass the pre-publish gate first.
PUBLISHING_MOVES = {"approve", "schedule"}


def when(value):
    """A time in the admin's one date format, in the newsroom's time zone."""
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def workflow_buttons(user, article):
    """The moves this user may make on this article (None: the add form), as (value, label)."""
    buttons = []
    status = article.status if article else S.DRAFT
    may_publish = permissions.can_publish(user)
    if article is None and not may_publish:
        buttons.append(("submit", "Save and submit for review"))
    elif article is not None and permissions.can_submit(user, article) and not may_publish:
        buttons.append(("submit", "Submit for review"))
    # Under embargo there is no "now": only a time at or after the embargo (`embargo_note` says why).
    if may_publish and status != S.PUBLISHED and not (article is not None and article.is_embargoed):
        buttons.append(("approve", "Approve and publish now" if status == S.IN_REVIEW else "Publish now"))
    if may_publish and (status != S.PUBLISHED or article.is_scheduled):
        buttons.append(("schedule", "Reschedule" if status == S.PUBLISHED else "Schedule"))
    if article is not None and status == S.IN_REVIEW and permissions.can_review(user):
        buttons.append(("send_back", "Send back to the writer"))
    if article is not None and status == S.PUBLISHED and may_publish:
        buttons.append(("unpublish", "Unpublish"))
    return buttons


def save_label(user, article):
    """What the plain save button says: a draft is saved as a draft, a live story updated."""
    if article is None or article.status in (S.DRAFT, S.UNPUBLISHED):
        return "Save draft"
    if article.status == S.PUBLISHED and not permissions.can_publish(user):
        return "Save (goes back to review)"
    return "Save changes" if article.status == S.PUBLISHED else "Save"


def state_text(article):
    """The article's state as an editor reads it."""
    if article is None:
        return "New draft"
    if article.status != S.PUBLISHED:
        return article.get_status_display()
    if article.is_scheduled:
        text = f"Scheduled for {when(article.publish_at)}"
    elif article.is_expired:
        return f"Expired at {when(article.unpublish_at)}: readers no longer see it"
    else:
        text = f"Published {when(article.publish_at)}"
    if article.unpublish_at:
        text += f", until {when(article.unpublish_at)}"
    return text


def wire_notes(article):
    """What the wire said that the desk must heed: the embargo (why "Publish now" is missing) and a flash."""
    notes = []
    if embargo := embargo_note(article):
        notes.append(embargo)
    if article is not None and article.is_flash:
        notes.append(f"Wire urgency {article.urgency} (a flash): consider a breaking-news banner.")
    return notes


def panel_checks(article):
    """The checks for the panel, grouped, with the codes the confirmation tick stands for."""
    found = article_checks(article) if article else []
    return {
        "errors": [c for c in found if c.level == ERROR],
        "warnings": [c for c in found if c.level == WARNING],
        "notes": [c for c in found if c.level == INFO],
        "confirm_codes": ",".join(c.code for c in warnings(found)),
        # Once approved, the list describes the story readers get; before, what to fix first.
        "heading": "On the published story" if article and article.status == S.PUBLISHED else "Before publishing",
    }


def publish_gate(article, confirmed):
    """Why this article may not be published yet ("" when it may).

    `confirmed` is the comma-separated warning codes the editor ticked; every
    current warning must be among them (fixing one needs no new tick, a new
    one does). Errors cannot be confirmed away.
    """
    found = article_checks(article)
    errors = blocking(found)
    if errors:
        return "Fix these first: " + " ".join(c.message for c in errors)
    ticked = {code.strip() for code in (confirmed or "").split(",") if code.strip()}
    unconfirmed = [c for c in warnings(found) if c.code not in ticked]
    if unconfirmed:
        return "Review these warnings, tick “Publish with these warnings” and choose again: " + " ".join(
            c.message for c in unconfirmed
        )
    return ""
