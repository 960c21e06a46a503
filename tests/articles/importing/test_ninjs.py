"""ninjs import: the IPTC examples and validation suite, our 1.x/2.x/3.x stories, bad input."""

import io
import json
import os
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from articles.importing.common import DocumentError, ImportSummary
from articles.importing.ninjs import detect_version, parse
from articles.models import Article, Author, Image
from tests.articles.importing.material import NINJS, SAMPLES
from tests.html import text

EXAMPLES = sorted((NINJS / "examples").rglob("*.json"))


def _run(*paths, **options):
    out = io.StringIO()
    try:
        call_command("import_ninjs", *map(str, paths), stdout=out, **options)
    except CommandError as error:
        return out.getvalue() + f"\nCommandError: {error}"
    return out.getvalue()


def _when(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _is_text(doc):
    return doc.get("type") in ("text", "composite", None)


TEXT_EXAMPLES = [p for p in EXAMPLES if _is_text(json.loads(p.read_text()))]


def test_the_examples_are_there():
    assert len(EXAMPLES) >= 20 and len(TEXT_EXAMPLES) >= 10


@pytest.mark.parametrize("path", TEXT_EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_text_example_imports_with_headline_body_and_dates(path, headlines):
    doc = json.loads(path.read_text())
    output = _run(path)
    article = Article.objects.get(source_uri=doc["uri"])
    assert "1 created" in output
    headline = (
        doc.get("headline")
        or next((v for k, v in doc.items() if k.startswith("headline_")), None)
        or doc["headlines"][0]["value"]
    )
    assert article.headline == " ".join(headline.split())[:200]
    body = doc.get("body_xhtml") or doc.get("body_html") or doc.get("body_text")
    if body is None and doc.get("bodies"):
        body = doc["bodies"][0]["value"]
    if body is None:  # a brief: its text is its description
        body = (doc.get("descriptions") or [{}])[0].get("value") or doc.get("description_caption_xhtml")
    words = text(body).split()
    middle = len(words) // 2
    assert " ".join(words[middle : middle + 8]) in text(article.body)
    assert " ".join(words[-6:]) in text(article.body)
    if doc.get("versioncreated"):
        assert article.source_updated_at == _when(doc["versioncreated"])
    first = doc.get("firstcreated") or doc.get("versioncreated")
    if first:
        assert article.publish_at == _when(first)
    assert article.status == Article.Status.PUBLISHED
    assert article.category == headlines


def test_every_other_example_is_skipped_not_failed(headlines):
    others = [p for p in EXAMPLES if p not in TEXT_EXAMPLES]
    output = _run(*others)
    assert f"0 created, 0 updated, 0 unchanged, {len(others)} skipped, 0 failed" in output
    assert "audio items are not imported" in output and "video items are not imported" in output
    assert "remote image not fetched" in output


#: The suite's should_fail documents whose flaw touches what the importer reads, and why each is refused.
REFUSED = {
    "1.0/001_no_uri_declared.json": "no “uri”",
    "1.0/002_type_invalid.json": "unknown “type”",
    "1.0/006_version_must_be_string.json": "“version” must be a string",
    "1.0/007_pubstatus_cancelled.json": "unknown “pubstatus”",
    "1.0/009_body_text_with_cr.json": "invalid JSON",
    "1.0/010_body_must_be_string.json": "invalid JSON",
    "1.0/011_description_must_be_string.json": "invalid JSON",
    "1.0/012_location_not_object.json": "invalid JSON",
    "1.0/015_pubstatus_commissioned.json": "unknown “pubstatus”",
    "1.2/001_title_as_number.json": "“title” must be a string",
    "1.2/002_firstcreated_bad_type.json": "“firstcreated” must be a date-time",
    "1.2/005_pubstatus_replaced.json": "unknown “pubstatus”",
    "1.2/006_pubstatus_commissioned.json": "unknown “pubstatus”",
    "1.3/006_bad_genre.json": "invalid JSON",
    "2.0/002_bad_association.json": "association needs a “name” and a “uri”",
    "2.1/002_good_association_but_no_name.json": "association needs a “name” and a “uri”",
    "2.1/003_good_association_but_no_uri.json": "association needs a “name” and a “uri”",
}
#: The rest break rules about properties the importer never reads (extra properties, genre, rights,
#: altids, contentcreated, expires...): a lenient reader accepts them, and they hold no story to import.
SHOULD_FAIL = sorted((NINJS / "test_suite").glob("*/should_fail/*.json"))


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_should_fail_documents_the_importer_relies_on_are_refused(name, headlines):
    version, filename = name.split("/")
    output = _run(NINJS / "test_suite" / version / "should_fail" / filename)
    assert "1 failed" in output
    assert REFUSED[name] in output
    assert not Article.objects.exists()


def test_the_tolerated_should_fail_documents_store_nothing_wrong(headlines):
    tolerated = [p for p in SHOULD_FAIL if f"{p.parent.parent.name}/{p.name}" not in REFUSED]
    assert len(tolerated) + len(REFUSED) == len(SHOULD_FAIL)
    output = _run(*tolerated)
    assert "0 failed" in output or "failed" in output  # printed either way
    # Only the one with a body and a headline extension becomes an article; its bad association is ignored.
    assert list(Article.objects.values_list("source_uri", flat=True)) == ["urn:should_fail_001_bad_association"]


def test_should_pass_documents_never_fail_for_a_reason_the_suite_allows(headlines):
    output = _run(*sorted((NINJS / "test_suite").glob("*/should_pass/*.json")))
    for line in output.splitlines():
        if line.startswith("FAILED"):
            # Only documents without a headline, or with dates that are not dates, which an article needs.
            assert "no headline" in line or "is not a date-time" in line, line


def test_version_detection():
    assert detect_version({"uri": "x", "headline": "h"}) == 1
    assert detect_version({"uri": "x", "headlines": [{"value": "h"}]}) == 2
    assert detect_version({"uri": "x", "versionCreated": "2024-01-01T00:00:00Z"}) == 3
    assert detect_version({"$standard": {"version": "1.4"}, "headlines": []}) == 1
    assert detect_version({"standard": {"version": "3.1"}}) == 3


def test_a_1x_story_maps_every_field(headlines):
    output = _run(SAMPLES / "ninjs" / "story-1x.json")
    article = Article.objects.get(source_uri="urn:test:wire:story-1x")
    assert "1 created" in output
    assert article.headline == "Central bank holds rates as inflation cools"
    assert article.summary.startswith("The bank kept its main rate at 4.5%.")
    assert "<script>" not in article.body and "held its main rate" in article.body
    assert article.source == "Reuters"
    assert article.byline == "By Andrew Osborn (Reuters)"
    assert sorted(article.tags.names()) == ["Economy", "Inflation", "Interest rates"]
    assert article.publish_at == datetime(2024, 3, 1, 8, tzinfo=UTC)
    assert article.updated_at == article.source_updated_at == datetime(2024, 3, 1, 9, 15, tzinfo=UTC)
    image = article.hero_image
    assert image.alt_text == "The central bank's headquarters in the evening light"
    assert image.credit == "Jane Doe" and image.renditions["jpeg"]


def test_a_2x_story_and_its_remote_picture(headlines):
    output = _run(SAMPLES / "ninjs" / "story-2x.json")
    article = Article.objects.get(source_uri="urn:test:wire:story-2x")
    assert article.headline == "Zürich: Börse schließt höher"
    assert article.summary == "Der SMI stieg um 1,2 Prozent."
    assert article.byline == "By Jürgen Müller (dpa)"
    assert Author.objects.get().slug == "jurgen-muller"
    assert list(article.tags.names()) == ["Finanzen"]
    assert article.hero_image is None
    assert "remote image not fetched: https://images.example.com/boerse.jpg" in output
    assert article.publish_at == datetime(2024, 4, 2, 5, 30, tzinfo=UTC)


def test_a_3x_story_in_camel_case(headlines):
    _run(SAMPLES / "ninjs" / "story-3x.json", status="draft")
    article = Article.objects.get(source_uri="urn:test:wire:story-3x")
    assert article.headline == "Oslo port volumes hit record"
    assert article.body == "<p>Container volumes rose 8% in April.</p>\n\n<p>The port expects more growth.</p>"
    assert article.source == "NTB" and article.status == Article.Status.DRAFT
    assert sorted(article.tags.names()) == ["Norway", "Ports", "Shipping"]
    assert article.source_updated_at == datetime(2024, 5, 10, 12, 30, tzinfo=UTC)


def test_reimport_updates_only_when_newer_and_never_duplicates(headlines, write):
    doc = json.loads((SAMPLES / "ninjs" / "story-2x.json").read_text())
    doc.pop("associations")
    path = write("story.json", json.dumps(doc))
    assert "1 created" in _run(path)
    assert "1 unchanged" in _run(path)
    doc["headlines"][0]["value"] = "Zürich: Börse schließt deutlich höher"
    doc["versioncreated"] = "2024-04-02T11:00:00+02:00"
    path.write_text(json.dumps(doc))
    assert "1 updated" in _run(path)
    doc["headlines"][0]["value"] = "An older version"
    doc["versioncreated"] = "2024-04-02T09:00:00+02:00"
    path.write_text(json.dumps(doc))
    assert "1 unchanged" in _run(path)
    article = Article.objects.get()
    assert article.headline == "Zürich: Börse schließt deutlich höher"
    assert [u.updated_at for u in article.updates.all()] == [datetime(2024, 4, 2, 9, tzinfo=UTC)]
    assert article.slug == "zurich-borse-schliesst-hoher" or article.slug.startswith("zurich-borse")


def test_a_reimported_picture_is_not_copied_again(headlines, write):
    _run(SAMPLES / "ninjs" / "story-1x.json")
    doc = json.loads((SAMPLES / "ninjs" / "story-1x.json").read_text())
    doc["versioncreated"] = "2024-03-02T09:00:00Z"
    folder = SAMPLES / "ninjs"
    path = write("newer.json", json.dumps(doc))
    doc["associations"]["featureimage"]["renditions"]["original"]["href"] = str(folder / "wire-picture.jpg")
    path.write_text(json.dumps(doc))
    assert "1 updated" in _run(path)
    assert Image.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"uri": "x", "headline": "Cut', "invalid JSON at line 1"),
        (b'["a", "list"]', "a ninjs document is a JSON object, this is a JSON list"),
        (b'{"uri": "x", "headlines": "not a list"}', "“headlines” must be a list of objects"),
        (b'{"uri": "x", "associations": {"a": {}}, "headlines": [{"value": "h"}]}', "must be a list"),
        (b"\xff\xfe{}", "not UTF-8 text"),
        (b'{"uri": "x", "headline": "H", "body_html": "<p>b</p>", "versioncreated": "yesterday"}', "not a date-time"),
        # RecursionError escaped the reader (found by the parser harness, tests/fuzz/test_parsers.py).
        (b"[" * 100_000, "nests deeper than 64 levels"),
        # TypeError (unhashable) escaped the reader, found the same way.
        (b'{"uri": "x", "type": []}', "unknown “type” '[]'"),
        (b'{"uri": "x", "type": "text", "pubstatus": {"a": 1}}', "unknown “pubstatus”"),
        (b'{"uri": "x", "headline": "H", "a": ' + b"[" * 500 + b"]" * 500 + b"}", "nests deeper"),
    ],
)
def test_malformed_input_is_a_clear_failure_and_stores_nothing(content, reason, headlines, write):
    output = _run(write("bad.json", content))
    assert "1 failed" in output and reason in output
    assert "CommandError: 1 document(s) failed" in output
    assert not Article.objects.exists() and not Author.objects.exists()


def test_one_broken_document_does_not_stop_the_others(headlines, write):
    write("a-bad.json", b"{nope")
    write("b-good.json", (SAMPLES / "ninjs" / "story-3x.json").read_bytes())
    output = _run(write("c-empty.json", b"").parent)
    assert "1 created, 0 updated, 0 unchanged, 0 skipped, 2 failed" in output
    assert "a-bad.json: invalid JSON" in output
    assert Article.objects.count() == 1


def test_a_failure_late_in_a_document_rolls_back_all_of_it(headlines, monkeypatch):
    from articles.importing import common

    def broken(*args, **kwargs):
        raise DocumentError("tags exploded")

    monkeypatch.setattr(common, "clean_tag_names", broken)
    output = _run(SAMPLES / "ninjs" / "story-1x.json")
    assert "tags exploded" in output
    assert not Article.objects.exists() and not Author.objects.exists()


def test_dry_run_stores_nothing(headlines):
    output = _run(SAMPLES / "ninjs", dry_run=True)
    assert "Dry run: nothing was stored." in output and "3 created" in output
    assert not Article.objects.exists() and not Author.objects.exists() and not Image.objects.exists()


def test_standard_input(headlines, monkeypatch):
    data = (SAMPLES / "ninjs" / "story-3x.json").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert "1 created" in _run("-")


def test_a_zip_of_documents(headlines, tmp_path):
    import zipfile

    archive = tmp_path / "wire.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in ("story-2x.json", "story-3x.json"):
            zf.write(SAMPLES / "ninjs" / name, name)
        zf.writestr("broken.json", "{")
    output = _run(archive)
    assert "2 created" in output and "wire.zip:broken.json: invalid JSON" in output


def test_a_missing_section_is_a_clear_error(db):
    with pytest.raises(CommandError, match="There is no section “headlines”"):
        call_command("import_ninjs", str(SAMPLES / "ninjs"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="There is no section “nowhere”"):
        call_command("import_ninjs", str(SAMPLES / "ninjs"), section="nowhere", stdout=io.StringIO())


def test_parse_refuses_what_is_not_an_object():
    with pytest.raises(DocumentError, match="JSON str"):
        parse(b'"just a string"')
    assert ImportSummary().lines() == ["0 created, 0 updated, 0 unchanged, 0 skipped, 0 failed"]


def test_bylines_become_people_and_an_agency_alone_stays_a_credit():
    from articles.importing.common import byline_names

    assert byline_names(["By Jane Doe and John Roe"], "Reuters") == ["Jane Doe", "John Roe"]
    assert byline_names(["NTB"], "NTB") == []
    assert byline_names(["Ana Souza, Kari Nordmann"]) == ["Ana Souza", "Kari Nordmann"]


def test_an_agency_byline_reads_once(headlines):
    _run(NINJS / "examples" / "2.1" / "ntb_text.json")
    article = Article.objects.get()
    assert article.byline == "By NTB" and not Author.objects.exists()


@pytest.mark.postgres
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="DATABASE_URL is not a PostgreSQL URL; this test checks the stored full-text vectors",
)
def test_imported_stories_are_searchable_at_once(headlines):
    from articles.models import SearchDocument

    _run(SAMPLES / "ninjs" / "story-1x.json")
    vector = SearchDocument.objects.get(article__source_uri="urn:test:wire:story-1x").vector
    assert "'inflat'" in vector and "'osborn'" in vector


def test_subjects_keywords_and_renditions_that_are_not_lists_hold_nothing(headlines, write):
    """Found by the parser harness: `"subjects": true` raised TypeError; such values are read as empty."""
    import json

    from django.core.management import call_command

    from articles.models import Article

    doc = {
        "uri": "urn:test:not-lists",
        "type": "text",
        "headlines": [{"value": "Odd but readable"}],
        "bodies": [{"contenttype": "text/html", "value": "<p>Body text.</p>"}],
        "subjects": True,
        "keywords": "oil",
        "renditions": 5,
        "versioncreated": "2026-11-30T10:00:00Z",
        "firstcreated": "2026-11-30T09:00:00Z",
    }
    path = write("odd.json", json.dumps(doc))
    call_command("import_ninjs", str(path), section="headlines", stdout=__import__("io").StringIO())
    article = Article.objects.get(source_uri="urn:test:not-lists")
    assert article.headline == "Odd but readable" and list(article.tags.names()) == []
