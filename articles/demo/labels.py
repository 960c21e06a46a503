"""The demo archive's types of work and its one AI-assisted story (seed_demo), chosen by the demo number."""

from django.utils import timezone

from articles.trustlabels.vocabulary import AIUse, WorkType
from portal.web import changes

REVIEWED = [
    "The Monzo Plus account",
    "“The Price of Time” by Edward Chancellor",
    "The Trading 212 investing app",
    "The Amex Platinum card",
]
#: The demo story whose research was assisted by AI (published, near the top of the archive).
AI_ASSISTED = 2


def demo_labels(n, byline):
    """The type-of-work and AI-use fields of demo story `n`, whose first author is `byline`."""
    fields = {
        "work_type": "",
        "byline_role": "",
        "reviewed_item": "",
        "ai_use": "",
        "ai_note": "",
        "ai_reviewed_by": None,
    }
    kind = {
        1: WorkType.ANALYSIS,
        4: WorkType.OPINION,
        6: WorkType.EXPLAINER,
        7: WorkType.INTERVIEW,
        8: WorkType.FEATURE,
    }
    fields["work_type"] = kind.get(n % 10, "")
    if n % 30 == 9:
        fields["work_type"], fields["reviewed_item"] = WorkType.REVIEW, REVIEWED[(n // 30) % len(REVIEWED)]
    if fields["work_type"] == WorkType.OPINION:
        fields["byline_role"] = "Columnist" if n % 20 == 4 else "Guest writer"
    if n == AI_ASSISTED:
        fields["ai_use"] = AIUse.ASSISTED
        fields["ai_note"] = "AI translated the central bank's statement from German; our reporter checked it."
        fields["ai_reviewed_by"] = byline
    return fields


def demo_labels_upgrade(articles, bylines):
    """Give a demo archive seeded before the labels existed its types (once: none of its stories has one yet).

    `articles` maps demo numbers to their stories, `bylines` a number to its
    first author. Editors' choices are never touched: this runs only while
    no demo story carries a type of work.
    """
    if any(article.work_type for article in articles.values()):
        return 0
    now, changed = timezone.now(), []
    for n, article in articles.items():
        fields = demo_labels(n, bylines(n))
        if not fields["work_type"] and not fields["ai_use"]:
            continue
        for name, value in fields.items():
            setattr(article, name, value)
        article.modified_at = now  # the kept cards and story pieces are named by it
        changed.append(article)
    if not changed:
        return 0
    names = [*demo_labels(0, None), "modified_at"]
    # In batches: one statement for 10,000 stories would pass PostgreSQL's 65,535 parameters.
    type(changed[0]).objects.bulk_update(changed, names, batch_size=500)
    # bulk_update sends no model signals: announce the stories and the lists showing their cards.
    changes.announce(changes.HOME, changes.LISTINGS, *(f"article-{a.pk}" for a in changed))
    return len(changed)
