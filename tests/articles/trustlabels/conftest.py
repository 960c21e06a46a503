"""A desk whose stories carry every kind of label: types of work, an opinion column, AI use, a commercial piece."""

import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command

from articles.models import Article, Author, Category
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, DisclosureFactory, ImageFactory


@dataclass
class Desk:
    business: Category
    comment: Category  # its default type is Opinion
    reporter: Author
    editor: Author  # checks what AI produced
    news: Article
    column: Article  # opinion, from the section's default, by a columnist
    drafted: Article  # text drafted with AI, picture generated with AI, reviewed by the editor
    review: Article
    sponsored: Article


def build():
    business = CategoryFactory(name="Business", slug="business")
    comment = CategoryFactory(name="Comment", slug="comment", default_work_type="opinion")
    reporter = AuthorFactory(name="Ann Lee", slug="ann-lee", role="Banking correspondent")
    editor = AuthorFactory(name="Maria Keller", slug="maria-keller", role="Standards editor")
    news = ArticleFactory(
        headline="Banks lift savings rates", category=business, authors=[reporter], hero_image=ImageFactory()
    )
    column = ArticleFactory(
        headline="Why rate cuts will not save the high street",
        category=comment,
        authors=[AuthorFactory(name="Tom Hale", slug="tom-hale")],
        byline_role="Columnist",
    )
    generated = ImageFactory(
        alt_text="A robot hand holding coins", caption="Illustration generated with AI.", credit="Newsroom"
    )
    generated.digital_source_type = "trainedAlgorithmicMedia"
    generated.save()
    drafted = ArticleFactory(
        headline="Quarterly results at a glance",
        category=business,
        authors=[reporter],
        hero_image=generated,
        ai_use="drafted",
        ai_note="AI summarised the filings; every figure was checked against them.",
        ai_reviewed_by=editor,
    )
    review = ArticleFactory(
        headline="A banking app that finally explains its fees",
        category=business,
        authors=[reporter],
        work_type="review",
        reviewed_item="The Monzo Plus account",
    )
    sponsored = ArticleFactory(headline="A partner's savings app", category=business, work_type="analysis")
    sponsored.disclosures.add(DisclosureFactory())
    return Desk(business, comment, reporter, editor, news, column, drafted, review, sponsored)


@pytest.fixture
def desk(db):
    call_command("seed_pages", stdout=io.StringIO())  # the labels policy page the labels link
    return build()
