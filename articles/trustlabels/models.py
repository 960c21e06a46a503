"""The article's type-of-work and AI-use fields, mixed into `Article` (its table, its migration)."""

from django.db import models
from django.utils.functional import cached_property

from articles.trustlabels.vocabulary import (
    AI_SHORT_LABELS,
    PICTURE_AI_WORDS,
    TEXT_AI_WORDS,
    TYPES,
    AIUse,
    WorkType,
    commercial_type,
)


def picture_source_type(image):
    """The IPTC digital source type of a picture: the editor's choice, else what its own credentials state."""
    if image is None:
        return ""
    return image.digital_source_type or (image.source_credentials or {}).get("digital_source_type", "")


class TrustLabelsFields(models.Model):
    """What kind of piece a story is and how AI was used to make it (issue 19 §1-2)."""

    work_type = models.CharField(
        "type of work",
        max_length=20,
        choices=WorkType.choices,
        blank=True,
        default="",
        help_text="Shown as a small label above the headline, with a one-line explanation. Left empty, the "
        "section's default type is used. Commercial pieces are labelled by their commercial disclosure instead.",
    )
    byline_role = models.CharField(
        "writer's role",
        max_length=60,
        blank=True,
        help_text="Opinion pieces show it after the writer's name, e.g. “Columnist” or “Guest writer”. "
        "Left empty, each author's own role (from the author page) is shown.",
    )
    reviewed_item = models.CharField(
        "what is reviewed",
        max_length=200,
        blank=True,
        help_text="Reviews only: the product, book, service or performance assessed, e.g. “The Revolut Ultra "
        "card”. Search engines need it to recognise a review.",
    )
    ai_use = models.CharField(
        "AI use in the text",
        max_length=20,
        choices=AIUse.choices,
        blank=True,
        default=AIUse.NONE,
        help_text="Tell readers honestly how AI helped. Anything but “No AI” is shown next to the byline, in "
        "feeds, the newsletter and the API, with the reviewing journalist's name. A picture's AI use is set on the "
        "picture (“What the picture is”) and shown the same way.",
    )
    ai_note = models.CharField(
        "what AI did",
        max_length=240,
        blank=True,
        help_text="Optional, public, one plain sentence, e.g. “AI translated the interview from German.”",
    )
    ai_reviewed_by = models.ForeignKey(
        "articles.Author",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="AI use reviewed by",
        help_text="The journalist who checked and edited what AI produced; named to readers. Required before "
        "publishing whenever AI was used for the text or the picture.",
    )

    class Meta:
        abstract = True

    # --- type of work -------------------------------------------------------

    @property
    def work_type_key(self):
        """The chosen type, else the section's default, else News (commercial pieces keep theirs underneath)."""
        if self.work_type:
            return self.work_type
        category = self.category if self.category_id else None
        return (category.default_work_type if category is not None else "") or WorkType.NEWS

    @cached_property
    def type_of_work(self):
        """The type every surface shows (vocabulary.TypeOfWork): the commercial disclosure's for commercial pieces."""
        commercial = [d for d in self.effective_disclosures if d["is_commercial"]]
        if commercial:
            return commercial_type(commercial[0])
        return TYPES[WorkType(self.work_type_key)]

    @property
    def is_opinion(self):
        return self.type_of_work.key == WorkType.OPINION

    def author_role(self, author):
        """The role an opinion piece shows after this author's name ("" when there is none or it is not opinion)."""
        if not self.is_opinion:
            return ""
        return self.byline_role.strip() or author.role.strip()

    # --- AI use -------------------------------------------------------------

    @property
    def picture_ai_type(self):
        """The hero picture's IPTC type when AI generated or edited it ("" otherwise); needs hero_image loaded."""
        term = picture_source_type(self.hero_image if self.hero_image_id else None)
        return term if term in PICTURE_AI_WORDS else ""

    @property
    def ai_mark(self):
        """The short AI-use mark of cards and headline lists ("AI-drafted"), "" when no AI was used."""
        if self.ai_use:
            return AI_SHORT_LABELS[self.ai_use]
        return AI_SHORT_LABELS["picture"] if self.picture_ai_type else ""

    @cached_property
    def ai_disclosure(self):
        """What readers are told about AI use, or None when none was used.

        {"text": the AIUse key or "", "picture": the picture's IPTC term or "",
        "short": the card's mark, "reviewer": the Author or None, "note": the
        editor's sentence, "sentences": the plain-words note, "summary": the
        same as one string}. Needs `ai_reviewed_by` loaded (cards and pages select it).
        """
        text, picture = self.ai_use, self.picture_ai_type
        if not text and not picture:
            return None
        reviewer = self.ai_reviewed_by if self.ai_reviewed_by_id else None
        sentences = []
        if text == AIUse.DRAFTED and reviewer is not None:
            sentences.append(f"The text was drafted with AI and edited by {reviewer.name}.")
        elif text:
            sentences.append(TEXT_AI_WORDS[AIUse(text)])
        if picture:
            sentences.append(PICTURE_AI_WORDS[picture])
        if self.ai_note.strip():
            sentences.append(self.ai_note.strip())
        if reviewer is not None and text != AIUse.DRAFTED:
            sentences.append(f"Checked by {reviewer.name}.")
        return {
            "text": text,
            "picture": picture,
            "short": self.ai_mark,
            "reviewer": reviewer,
            "note": self.ai_note.strip(),
            "sentences": sentences,
            "summary": " ".join(sentences),
        }
