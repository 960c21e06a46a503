"""The embargo rule, defined once: the workflow, the publish control and the form ask it; the database enforces it."""

from django.utils import timezone
from django.utils.formats import date_format


def embargo_problem(article, publish_at=None) -> str:
    """Why `article` may not go live at `publish_at` (now when None) because of its embargo; "" when it may."""
    embargo = article.embargoed_until
    if embargo is None or (publish_at or timezone.now()) >= embargo:
        return ""
    when = date_format(timezone.localtime(embargo), "DATETIME_FORMAT")
    return (
        f"Under embargo until {when}: the agency forbids publishing it earlier, and nobody can. "
        f"Schedule it for {when} or later."
    )


def embargo_note(article) -> str:
    """The embargo as the publish control states it ("" when there is none, or it has lifted)."""
    if article is None or not article.is_embargoed:
        return ""
    return embargo_problem(article)
