"""The JSON-LD of every type of work: the matching schema.org type, the properties that type requires
(tests/data/jsonld_required.json), nothing schema.org does not define, and the AI use as IPTC digital source types."""

import json
from pathlib import Path

import pytest

from articles.trustlabels.vocabulary import TYPES, WorkType
from tests.articles.test_schema_vocabulary import blocks, problems
from tests.articles.trustlabels.conftest import build
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

REQUIRED = json.loads((Path(__file__).parents[2] / "data" / "jsonld_required.json").read_text())
SCHEMA_ORG = "https://schema.org/"


def required(kind):
    """The required paths of a type, with those of the type it extends."""
    entry = REQUIRED[kind]
    return [*(required(entry["extends"]) if "extends" in entry else []), *entry["required"]]


def values(data, path):
    """Every value at `path` ("author[].name") in `data`; a missing step gives None."""
    head, _, rest = path.partition(".")
    many = head.endswith("[]")
    value = data.get(head.removesuffix("[]")) if isinstance(data, dict) else None
    items = (value if isinstance(value, list) and value else [None]) if many else [value]
    if not rest:
        return items
    return [found for item in items for found in values(item or {}, rest)]


def missing(data, kind):
    return [path for path in required(kind) if any(v in (None, "", [], {}) for v in values(data, path))]


def article_block(client, article):
    found = [b for b in blocks(client, article.get_absolute_url()) if b["@type"] in REQUIRED]
    assert len(found) == 1, found
    return found[0]


def test_the_required_properties_are_found_and_a_missing_one_is_named():
    complete = {
        "headline": "H", "datePublished": "d", "dateModified": "d", "url": "u", "mainEntityOfPage": {"@id": "u"},
        "inLanguage": "en", "author": [{"@type": "Person", "name": "A", "jobTitle": "Columnist"}],
        "publisher": {"@type": "NewsMediaOrganization", "name": "P", "logo": {"url": "l"}}, "genre": "Opinion",
    }  # fmt: skip
    assert missing(complete, "OpinionNewsArticle") == []
    assert missing({**complete, "author": [{"@type": "Person", "name": "A"}]}, "OpinionNewsArticle") == [
        "author[].jobTitle"
    ]
    assert missing({**complete, "headline": ""}, "ReviewNewsArticle") == [
        "headline",
        "itemReviewed.@type",
        "itemReviewed.name",
    ]


def test_every_type_the_site_uses_has_its_requirements_listed():
    assert {kind.schema_type for kind in TYPES.values()} | {"AdvertiserContentArticle"} <= set(REQUIRED)


@pytest.mark.parametrize("work_type", list(WorkType), ids=[w.value for w in WorkType])
def test_each_type_of_work_has_its_schema_org_type_and_its_required_properties(client, db, work_type):
    extra = {"reviewed_item": "The Monzo Plus account"} if work_type == WorkType.REVIEW else {}
    author = AuthorFactory(name="Ann Lee", role="Banking correspondent")
    article = ArticleFactory(work_type=work_type, authors=[author], **extra)
    data = article_block(client, article)
    assert data["@type"] == TYPES[work_type].schema_type
    assert data["genre"] == TYPES[work_type].label
    assert missing(data, data["@type"]) == []
    assert problems(data) == []


def test_the_desks_stories_validate_opinion_review_commercial_and_ai(client, db):
    desk = build()
    expected = {
        desk.news: "ReportageNewsArticle",
        desk.column: "OpinionNewsArticle",
        desk.review: "ReviewNewsArticle",
        desk.sponsored: "AdvertiserContentArticle",  # commercial stays so, whatever its type underneath
        desk.drafted: "ReportageNewsArticle",
    }
    for article, kind in expected.items():
        data = article_block(client, article)
        assert data["@type"] == kind, article
        assert missing(data, kind) == [], article
        assert problems(data) == [], article
    column = article_block(client, desk.column)
    assert column["author"][0]["jobTitle"] == "Columnist"
    assert article_block(client, desk.review)["itemReviewed"] == {"@type": "Thing", "name": "The Monzo Plus account"}
    assert "genre" not in article_block(client, desk.sponsored)


def test_ai_use_is_in_the_json_ld_as_digital_source_types_the_editor_and_the_backstory(client, db):
    desk = build()
    data = article_block(client, desk.drafted)
    assert data["digitalSourceType"] == f"{SCHEMA_ORG}CompositeWithTrainedAlgorithmicMediaDigitalSource"
    assert data["image"][0]["digitalSourceType"] == f"{SCHEMA_ORG}TrainedAlgorithmicMediaDigitalSource"
    assert data["editor"]["name"] == "Maria Keller" and data["editor"]["url"].endswith("/authors/maria-keller/")
    assert data["backstory"].startswith("AI use: The text was drafted with AI and edited by Maria Keller.")
    news = article_block(client, desk.news)
    assert "digitalSourceType" not in news and "editor" not in news
    assert "digitalSourceType" not in news["image"][0]  # a picture of unknown origin claims nothing
    desk.news.hero_image.digital_source_type = "digitalCapture"
    desk.news.hero_image.save()
    assert (
        article_block(client, desk.news)["image"][0]["digitalSourceType"] == f"{SCHEMA_ORG}DigitalCaptureDigitalSource"
    )
