"""The demo's alerts (`seed_alerts`): a record of the alert the desk sent about the demo's breaking story."""

from django.utils import timezone

from articles.alerts.models import Alert
from articles.breaking.demo import demo_story


def alerts_seed() -> int:
    """One sent alert about the banner's story, unless it has one; returns how many were made (0 or 1).

    It went to nobody: no browser had opted in when the demo was made. A
    reader who opts in on the site (/alerts/, linked from the footer) gets
    the next one an editor sends with "Send alert…" on a story.
    """
    story = demo_story()
    if story is None or Alert.objects.filter(article=story).exists():
        return 0
    now = timezone.now()
    Alert.objects.create(
        article=story,
        category_id=story.category_id,
        title=story.headline[:80],
        body=(story.summary or "").strip()[:200],
        url=story.get_absolute_url(),
        state=Alert.State.SENT,
        prepared_at=now,
        finished_at=now,
    )
    return 1
