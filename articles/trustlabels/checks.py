"""The pre-publish checks of the type-of-work and AI-use labels: a label that would mislead readers blocks."""

from articles.trustlabels.models import picture_source_type
from articles.trustlabels.vocabulary import AI_CAPTION, PICTURE_AI_WORDS, WorkType
from articles.workflow.checks import ERROR, INFO, Check


def trust_label_checks(article) -> list[Check]:
    """What the labels need before readers see them, and which type they will see."""
    found = []
    picture = article.hero_image if article.hero_image_id else None
    term = picture_source_type(picture)
    if term in PICTURE_AI_WORDS and not AI_CAPTION.search(picture.caption or ""):
        made = "generated" if term == "trainedAlgorithmicMedia" else "edited"
        found.append(
            Check(
                ERROR,
                "ai-caption",
                f"The hero picture was {made} with AI, but its caption does not say so: add it to the caption "
                f"(e.g. “Illustration {made} with AI”) in the picture's settings.",
            )
        )
    if (article.ai_use or term in PICTURE_AI_WORDS) and not article.ai_reviewed_by_id:
        what = "the text" if article.ai_use else "the picture"
        found.append(
            Check(
                ERROR,
                "ai-reviewer",
                f"AI was used for {what}: choose the journalist who checked it in “AI use reviewed by” "
                "(readers are told who).",
            )
        )
    kind = article.work_type_key
    if kind == WorkType.OPINION and not article.type_of_work.is_commercial and not article.byline_role.strip():
        authors = list(article.authors.all()) if article.pk else []
        missing = [a.name for a in authors if not a.role.strip()]
        if missing or not authors:
            who = f" ({', '.join(missing)} has no role on the author page)" if missing else ""
            found.append(
                Check(
                    ERROR,
                    "opinion-role",
                    f"Opinion pieces show the writer's role{who}: fill in “Writer's role”, e.g. “Columnist” or "
                    "“Guest writer”.",
                )
            )
    if kind == WorkType.REVIEW and not article.reviewed_item.strip():
        found.append(Check(ERROR, "review-item", "Say what this review assesses in “What is reviewed”."))
    found.append(type_review(article))
    return found


def type_review(article) -> Check:
    """Name the type readers will see and where it comes from (never silent, like the disclosures)."""
    kind = article.type_of_work
    if kind.is_commercial:
        text = f"Readers will see it as commercial content (“{kind.label}”), whatever its type of work."
    elif article.work_type:
        text = f"Readers will see the type “{kind.label}”."
    else:
        section = article.category.name if article.category_id else "its section"
        text = f"Readers will see the type “{kind.label}” (the default of {section})."
    ai = article.ai_disclosure
    if ai is not None:
        text += f" Next to the byline: “AI use: {ai['summary']}”"
    return Check(INFO, "type-of-work", text)
