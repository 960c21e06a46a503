"""Content checks shown before publishing: errors block, warnings ask for one confirmation.

An editor may have good reasons to publish a story without a picture (a
breaking one-line alert), so a warning informs the decision and is
confirmed once; an error (a hero image nobody can describe, an empty body)
would reach readers broken, so it blocks until fixed. The confirmation
names the warnings it was given for (`confirmation_token`): a new warning
appearing after the tick asks again.
"""

import hashlib
import re
from dataclasses import dataclass

from django.utils.html import strip_tags

from articles.models import Article

# Search engines cut titles at about 60 to 70 characters.
HEADLINE_SEARCH_LIMIT = 70
PARAGRAPH = re.compile(r"<p[\s>]", re.I)

ERROR, WARNING, INFO = "error", "warning", "info"


@dataclass(frozen=True)
class Check:
    """One finding: `level` is error (blocks), warning (confirm once) or info (a fact)."""

    level: str
    code: str
    message: str


def article_checks(article: Article) -> list[Check]:
    """What is missing or risky in the saved article, errors first."""
    found = []
    if not article.category_id:
        found.append(Check(ERROR, "section", "No section is chosen."))
    if not (article.summary or "").strip():
        found.append(
            Check(ERROR, "summary", "The quick summary is empty: cards and search results would show nothing.")
        )
    if not strip_tags(article.body or "").strip():
        found.append(Check(ERROR, "body", "The body is empty."))
    elif not PARAGRAPH.search(article.body or ""):
        found.append(Check(WARNING, "paragraphs", "The body has no paragraphs."))
    if article.hero_image_id is None:
        found.append(Check(WARNING, "hero", "There is no hero image: cards will show the section's placeholder."))
    elif not (article.hero_image.alt_text or "").strip():
        found.append(
            Check(ERROR, "alt", "The hero image has no alt text: screen reader users would not know what it shows.")
        )
    if len(article.headline or "") > HEADLINE_SEARCH_LIMIT:
        found.append(
            Check(
                WARNING,
                "headline",
                f"The headline has {len(article.headline)} characters; search results cut it "
                f"after about {HEADLINE_SEARCH_LIMIT}.",
            )
        )
    if article.pk and not article.authors.exists():
        byline = f"the byline will only say “By {article.source}”" if article.source else "the story has no byline"
        found.append(Check(WARNING, "author", f"No author is credited: {byline}."))
    found.append(disclosure_review(article))
    from articles.trustlabels.checks import trust_label_checks  # it builds on this module's Check

    found += trust_label_checks(article)
    order = {ERROR: 0, WARNING: 1, INFO: 2}
    return sorted(found, key=lambda c: order[c.level])


def disclosure_review(article: Article) -> Check:
    """Name the labels readers will see, saying which one comes from the section (never silent)."""
    own = list(article.disclosures.all()) if article.pk else []
    names = [d.label for d in own]
    section = article.category if article.category_id else None
    default = section.default_disclosure if section and article.use_section_disclosure else None
    if default and default.pk not in {d.pk for d in own}:
        names.append(f"{default.label} (from the section {section.name})")
        return Check(
            WARNING,
            f"disclosure-section-{default.pk}",
            f"This story will carry: {', '.join(names)}. Untick “Show the section's disclosure” if it should not.",
        )
    if names:
        return Check(INFO, "disclosure", f"This story will carry: {', '.join(names)}.")
    return Check(INFO, "disclosure", "This story will carry no disclosure label.")


def blocking(checks):
    return [c for c in checks if c.level == ERROR]


def warnings(checks):
    return [c for c in checks if c.level == WARNING]


def confirmation_token(checks) -> str:
    """A short fingerprint of the warnings an editor confirms ("" when there are none)."""
    codes = sorted(c.code for c in warnings(checks))
    return hashlib.sha256("|".join(codes).encode()).hexdigest()[:16] if codes else ""
