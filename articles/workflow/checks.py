"""Content checks shown before publishing: they warn, they do not block.

An editor may have good reasons (a breaking one-line alert has no summary
yet), so the checks inform the decision instead of taking it.
"""

import re

from articles.models import Article

# Search engines cut titles at about 60 to 70 characters.
HEADLINE_SEARCH_LIMIT = 70
PARAGRAPH = re.compile(r"<p[\s>]", re.I)


def article_checks(article: Article) -> list[str]:
    """What is missing or risky in the article, as sentences for the editor."""
    warnings = []
    if not article.category_id:
        warnings.append("No section is chosen.")
    if not (article.summary or "").strip():
        warnings.append("The quick summary is empty: cards and search results will show nothing.")
    if article.hero_image_id is None:
        warnings.append("There is no hero image.")
    elif not (article.hero_image.alt_text or "").strip():
        warnings.append("The hero image has no alt text: screen reader users will not know what it shows.")
    if len(article.headline or "") > HEADLINE_SEARCH_LIMIT:
        warnings.append(
            f"The headline has {len(article.headline)} characters; search results cut it "
            f"after about {HEADLINE_SEARCH_LIMIT}."
        )
    if not PARAGRAPH.search(article.body or ""):
        warnings.append("The body has no paragraphs.")
    return warnings
