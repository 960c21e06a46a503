"""The published versions of an article and the differences readers may see between them."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from reversion.models import Version

from articles.models import Article
from articles.workflow.revisions import _line_words, html_to_words, word_diff

#: An update recorded before updates kept their revision: its revision was saved a moment after it.
SAVE_SLACK = timedelta(seconds=2)
#: What the public difference shows: the reader-facing text, nothing of the workflow.
SHOWN_FIELDS = [("headline", "Headline"), ("summary", "Quick summary"), ("body", "Body")]


@dataclass
class PublishedVersion:
    """One version readers saw: version 1 is the first publication, each substantive update adds one."""

    number: int
    when: datetime
    note: str
    data: dict
    update_id: int | None = None
    changes: list = field(default_factory=list)
    corrections: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"version-{self.number}"


def published_revisions(article):
    """[(saved at, revision id, field dict)] of the article's revisions saved while it was published, oldest first."""
    rows = Version.objects.get_for_object(article).select_related("revision").order_by("revision__date_created", "pk")
    saved = []
    for version in rows:
        data = version.field_dict
        if data.get("status") == Article.Status.PUBLISHED:
            saved.append((version.revision.date_created, version.revision_id, data))
    return saved


def _seen_at(revisions, moment):
    """The newest published revision saved by `moment` (what readers saw then), or None."""
    seen = None
    for when, _revision, data in revisions:
        if when > moment:
            break
        seen = data
    return seen


def _made_by(revisions, update):
    """The version the update's own save made (its revision link), else what readers saw just after it."""
    link = getattr(update, "revision_link", None)
    if link is not None:
        for _when, revision, data in revisions:
            if revision == link.revision_id:
                return data
    return _seen_at(revisions, update.updated_at + SAVE_SLACK)


def differences(before, after):
    """[{label, diff}] for the shown fields that differ between two field dicts."""
    rows = []
    for name, label in SHOWN_FIELDS:
        old, new = before.get(name) or "", after.get(name) or ""
        if old == new:
            continue
        split = html_to_words if name == "body" else _line_words
        rows.append({"label": label, "diff": word_diff(split(old), split(new))})
    return rows


def article_history(article, updates, corrections):
    """The article's published versions, oldest first, with their differences and the corrections made to them.

    `updates` are its `ArticleUpdate` rows (with `revision_link` selected) and `corrections` its corrections
    (any order). A version's text is the newest published revision saved by
    its time; a correction belongs to the version readers saw when it was
    made (the one it corrected).
    """
    revisions = published_revisions(article)
    first_seen = _seen_at(revisions, article.publish_at) or (revisions[0][2] if revisions else {})
    versions = [PublishedVersion(1, article.publish_at, "", first_seen)]
    for update in sorted(updates, key=lambda u: (u.updated_at, u.pk)):
        previous = versions[-1]
        data = _made_by(revisions, update) or previous.data
        version = PublishedVersion(len(versions) + 1, update.updated_at, update.note, data, update.pk)
        version.changes = differences(previous.data, data)
        versions.append(version)
    made_by = {v.update_id: v for v in versions[1:]}
    for correction in corrections:
        if correction.update_id in made_by:  # the update its save recorded came right after the corrected version
            corrected = versions[made_by[correction.update_id].number - 2]
        else:  # older corrections: the version readers saw at its date
            corrected = next((v for v in reversed(versions) if v.when < correction.published_at), versions[0])
        corrected.corrections.append(correction)
        correction.corrected_version = corrected
    return versions
