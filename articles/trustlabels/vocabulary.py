"""The types of work and the kinds of AI use, with the words readers see and the schema.org terms they map to."""

import re
from dataclasses import dataclass

from django.db import models

#: The company page explaining the labels (seeded by `seed_pages`, editable like the other policies).
POLICY_PAGE_SLUG = "types-of-work-and-ai"


class WorkType(models.TextChoices):
    """What kind of journalism a piece is (the Trust Project's "type of work")."""

    NEWS = "news", "News"
    ANALYSIS = "analysis", "Analysis"
    OPINION = "opinion", "Opinion"
    INTERVIEW = "interview", "Interview"
    EXPLAINER = "explainer", "Explainer"
    REVIEW = "review", "Review"
    FEATURE = "feature", "Feature"


@dataclass(frozen=True)
class TypeOfWork:
    """One type as every surface shows it: its key, label, one-line explanation and schema.org type."""

    key: str
    label: str
    explanation: str
    schema_type: str
    is_commercial: bool = False
    policy_url: str = ""  # a commercial type's own policy (its disclosure's); the others share the labels page


TYPES = {
    WorkType.NEWS: TypeOfWork(
        "news", "News", "Facts our reporters gathered and checked, without their opinion.", "ReportageNewsArticle"
    ),
    WorkType.ANALYSIS: TypeOfWork(
        "analysis",
        "Analysis",
        "A specialist interprets the news and what it means, based on facts and data.",
        "AnalysisNewsArticle",
    ),
    WorkType.OPINION: TypeOfWork(
        "opinion", "Opinion", "The writer's own view and argument, not our news reporting.", "OpinionNewsArticle"
    ),
    WorkType.INTERVIEW: TypeOfWork(
        "interview",
        "Interview",
        "A conversation with the person named, edited for length and clarity.",
        "ReportageNewsArticle",
    ),
    WorkType.EXPLAINER: TypeOfWork(
        "explainer",
        "Explainer",
        "Background and context that help you understand a subject in the news.",
        "BackgroundNewsArticle",
    ),
    WorkType.REVIEW: TypeOfWork(
        "review",
        "Review",
        "A critic's assessment of a product, service, book or performance.",
        "ReviewNewsArticle",
    ),
    WorkType.FEATURE: TypeOfWork(
        "feature",
        "Feature",
        "A longer reported story about people, places or trends behind the news.",
        "ReportageNewsArticle",
    ),
}


def commercial_type(disclosure):
    """The type of a commercial piece: the commercial disclosure names it (“Sponsored”, “Press release”)."""
    return TypeOfWork(
        "commercial",
        disclosure["label"],
        disclosure["explanation"],
        "AdvertiserContentArticle",
        is_commercial=True,
        policy_url=disclosure["policy_url"],
    )


class AIUse(models.TextChoices):
    """How AI was used on a story's text (a picture's AI use is stated on the picture itself)."""

    NONE = "", "No AI used for the text"
    ASSISTED = "assisted", "Research or translation assisted by AI"
    DRAFTED = "drafted", "Text drafted with AI, edited by a journalist"


#: IPTC digital source types of pictures made or changed with AI (credentials.vocabulary.AI_SOURCE_TYPES), in words.
PICTURE_AI_WORDS = {
    "trainedAlgorithmicMedia": "The picture was generated with AI.",
    "compositeWithTrainedAlgorithmicMedia": "The picture was edited with AI.",
}

#: The text's AI use, in readers' words.
TEXT_AI_WORDS = {
    AIUse.ASSISTED: "AI tools helped with research or translation; our journalists wrote the text.",
    AIUse.DRAFTED: "The text was drafted with AI and edited by our journalists.",
}

#: The short mark cards and headline lists show.
AI_SHORT_LABELS = {
    AIUse.ASSISTED: "AI-assisted",
    AIUse.DRAFTED: "AI-drafted",
    "picture": "AI picture",
}

#: What a caption must say for a picture made or changed with AI: "AI" as a word, or "artificial intelligence".
AI_CAPTION = re.compile(r"\bAI\b|artificial intelligence", re.I)

#: IPTC's article-level term for text an AI drafted and a person rewrote: synthetic and human parts combined.
DRAFTED_SOURCE_TYPE = "compositeWithTrainedAlgorithmicMedia"


def schema_source_type(term):
    """schema.org's member of IPTCDigitalSourceEnumeration for an IPTC term ("digitalCapture" → …DigitalSource)."""
    return f"https://schema.org/{term[:1].upper()}{term[1:]}DigitalSource" if term else ""
