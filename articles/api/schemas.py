"""The shapes of the read API's answers; the OpenAPI document is generated from these.

Every article object carries its disclosures and `is_commercial`, its type
of work and its AI use: an app must be able to label sponsored or
promotional content, opinion and AI use wherever it shows the story, as
the site does (card, header, feed).
"""

from datetime import datetime

from ninja import Schema
from pydantic import Field


class Error(Schema):
    detail: str = Field(description="What was wrong, in words a developer can act on.")


class Rendition(Schema):
    url: str
    width: int


class Renditions(Schema):
    webp: list[Rendition] = Field(description="WebP copies, narrowest first (for `srcset`).")
    jpeg: list[Rendition] = Field(description="JPEG copies, narrowest first.")


class ImageOut(Schema):
    url: str = Field(description="The original upload.")
    width: int
    height: int
    alt_text: str
    caption: str
    credit: str
    digital_source_type: str = Field(
        description="How the picture was made, as an IPTC digital source type URI "
        "(…/digitalsourcetype/trainedAlgorithmicMedia for a picture generated with AI); empty when unknown."
    )
    renditions: Renditions


class SectionRef(Schema):
    id: int
    slug: str
    name: str
    url: str


class SectionOut(SectionRef):
    description: str
    parent_id: int | None
    in_navigation: bool


class AuthorRef(Schema):
    id: int
    slug: str
    name: str
    url: str


class AuthorOut(AuthorRef):
    bio: str
    photo: ImageOut | None


class TagRef(Schema):
    slug: str
    name: str
    url: str


class TagOut(TagRef):
    article_count: int = Field(description="Published stories that carry the tag.")


class DisclosureOut(Schema):
    name: str
    label: str = Field(description="The short label shown on cards, e.g. “Sponsored”.")
    explanation: str
    policy_url: str
    is_commercial: bool = Field(description="Paid or promotional content: never present it as reporting.")


class TypeOfWorkOut(Schema):
    key: str = Field(description="news, analysis, opinion, interview, explainer, review, feature, or commercial.")
    label: str = Field(description="The label to show above the headline, e.g. “Opinion”.")
    explanation: str = Field(description="One line telling readers what the label means.")
    schema_type: str = Field(description="The schema.org type, e.g. OpinionNewsArticle or AdvertiserContentArticle.")


class AIUseOut(Schema):
    text: str = Field(description="“assisted” (research or translation), “drafted” (drafted with AI), or empty.")
    picture: str = Field(
        description="The hero picture's IPTC digital source type when AI made or edited it "
        "(trainedAlgorithmicMedia, compositeWithTrainedAlgorithmicMedia), or empty."
    )
    label: str = Field(description="The short mark for lists, e.g. “AI-drafted”.")
    summary: str = Field(description="The plain-words note readers see next to the byline; show it with the story.")
    reviewed_by: AuthorRef | None = Field(description="The journalist who checked what AI produced.")


class ArticleOut(Schema):
    id: int
    url: str
    slug: str
    headline: str
    summary: str
    section: SectionRef
    byline: str
    authors: list[AuthorRef]
    source: str = Field(description="The agency credited after the byline, e.g. “Reuters”; may be empty.")
    tags: list[TagRef]
    published_at: datetime
    updated_at: datetime | None = Field(description="“Last updated”: moves only on a substantive change.")
    modified_at: datetime = Field(description="The last save of any kind (use `updated_since` to sync).")
    reading_minutes: int
    hero_image: ImageOut | None
    is_commercial: bool = Field(description="True when any disclosure is commercial (sponsored, advertorial…).")
    disclosures: list[DisclosureOut] = Field(description="What readers must be told about the piece; show them.")
    type_of_work: TypeOfWorkOut = Field(description="What kind of piece it is; show the label above the headline.")
    ai_use: AIUseOut | None = Field(description="How AI was used to make the story; null when it was not.")


class TakeawayOut(Schema):
    text: str


class QuestionOut(Schema):
    question: str
    answer: str


class CorrectionOut(Schema):
    kind: str = Field(description="“correction” or “clarification”.")
    published_at: datetime
    text: str


class ArticleDetailOut(ArticleOut):
    body_html: str = Field(description="The story as sanitized HTML; links in commercial pieces carry rel=sponsored.")
    takeaways: list[TakeawayOut]
    faq: list[QuestionOut]
    corrections: list[CorrectionOut]


class Page(Schema):
    next: str | None = Field(description="The address of the next page, or null on the last one.")
    next_cursor: str | None = Field(description="The cursor the next page starts after (pass it as `cursor`).")


class ArticlePage(Page):
    items: list[ArticleOut]


class TagPage(Page):
    items: list[TagOut]


class AuthorPage(Page):
    items: list[AuthorOut]


class SectionList(Schema):
    items: list[SectionOut]
