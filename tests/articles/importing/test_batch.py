"""Batched import writes: one bad story in a batch is reported and skipped, a re-run skips what is stored."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from articles.importing import batch, common
from articles.models import Article, LegacyRedirect


def _doc(n, *, version="2024-05-01T09:00:00Z", headline=None):
    return {
        "uri": f"urn:test:batch:{n}",
        "type": "text",
        "versioncreated": version,
        "headline": headline or f"Batch story {n}",
        "byline": f"Reporter {n % 3}",
        "body_html": f"<p>Body of story {n}.</p>",
        "keywords": [f"Tag {n % 4}", "Markets"],
    }


def _folder(write, docs):
    for n, doc in enumerate(docs):
        path = write(f"batch/{n:03d}.json", json.dumps(doc))
    return path.parent


def _run(*paths, **options):
    out = io.StringIO()
    try:
        call_command("import_ninjs", *map(str, paths), stdout=out, **options)
    except Exception as error:  # the command fails when a document failed; the output tells which
        return out.getvalue() + f"\n{type(error).__name__}: {error}"
    return out.getvalue()


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(batch, "BATCH_SIZE", 4)


def _failing_for(monkeypatch, bad_uri, error):
    real = common.story_apply

    def story_apply(article, story, **kwargs):
        if story.uri == bad_uri:
            raise error
        return real(article, story, **kwargs)

    monkeypatch.setattr(common, "story_apply", story_apply)


@pytest.mark.parametrize("error", [DatabaseError("the disk is full"), ValueError("bad value")])
def test_one_bad_story_in_a_batch_is_reported_and_skipped_the_rest_imported(
    headlines, write, small_batches, monkeypatch, error
):
    folder = _folder(write, [_doc(n) for n in range(10)])
    _failing_for(monkeypatch, "urn:test:batch:5", error)
    output = _run(folder)
    assert "9 created, 0 updated, 0 unchanged, 0 skipped, 1 failed" in output
    assert f"FAILED {folder / '005.json'}: could not be stored: {error}" in output
    assert output.count("FAILED") == 1
    assert Article.objects.count() == 9
    assert not Article.objects.filter(source_uri="urn:test:batch:5").exists()
    # The batch that was rolled back left nothing behind: each story once, with its byline and tags.
    story = Article.objects.get(source_uri="urn:test:batch:4")
    assert story.byline == "By Reporter 1" and sorted(story.tags.names()) == ["Markets", "Tag 0"]
    assert sorted(Article.objects.values_list("slug", flat=True))[:2] == ["batch-story-0", "batch-story-1"]


def test_a_document_the_reader_refuses_fails_alone(headlines, write, small_batches):
    docs = [_doc(n) for n in range(6)]
    docs[2]["headline"] = ""
    docs[2]["body_html"] = "<p></p>"
    output = _run(_folder(write, docs))
    assert "5 created, 0 updated, 0 unchanged, 0 skipped, 1 failed" in output
    assert "002.json: it has no body text" in output or "002.json: it has no headline" in output


def test_a_story_twice_in_one_batch_is_stored_once(headlines, write):
    folder = _folder(write, [_doc(1), _doc(1), _doc(1, version="2024-05-02T09:00:00Z", headline="Newer")])
    output = _run(folder)
    assert "1 created, 1 updated, 1 unchanged, 0 skipped, 0 failed" in output
    assert Article.objects.get().headline == "Newer"


def test_new_slugs_in_one_batch_do_not_collide(headlines, write):
    Article.objects.create(headline="Taken", slug="same-headline", category=headlines)
    folder = _folder(write, [_doc(n, headline="Same headline") for n in range(3)])
    assert "3 created" in _run(folder)
    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "same-headline",
        "same-headline-2",
        "same-headline-3",
        "same-headline-4",
    ]


def _rerun_queries(folder):
    with CaptureQueriesContext(connection) as queries:
        output = _run(folder)
    return output, len(queries)


def test_a_rerun_skips_stored_stories_with_one_lookup_a_batch(headlines, write, tmp_path, monkeypatch):
    small = _folder(write, [_doc(n) for n in range(5)])
    large = tmp_path / "large"
    for n in range(40):
        (large / f"{n:03d}.json").parent.mkdir(exist_ok=True)
        (large / f"{n:03d}.json").write_text(json.dumps(_doc(100 + n)))
    assert "5 created" in _run(small) and "40 created" in _run(large)

    def never(*args, **kwargs):
        raise AssertionError("an unchanged story is not written again")

    monkeypatch.setattr(common, "story_apply", never)
    small_output, small_queries = _rerun_queries(small)
    large_output, large_queries = _rerun_queries(large)
    assert "0 created, 0 updated, 5 unchanged, 0 skipped, 0 failed" in small_output
    assert "0 created, 0 updated, 40 unchanged, 0 skipped, 0 failed" in large_output
    assert large_queries == small_queries  # one lookup for the whole batch, not one per story


def test_a_rerun_updates_only_the_newer_story(headlines, write, small_batches):
    docs = [_doc(n) for n in range(6)]
    folder = _folder(write, docs)
    _run(folder)
    docs[3] = _doc(3, version="2024-06-01T09:00:00Z", headline="Corrected story 3")
    (folder / "003.json").write_text(json.dumps(docs[3]))
    output = _run(folder)
    assert "0 created, 1 updated, 5 unchanged, 0 skipped, 0 failed" in output
    assert Article.objects.get(source_uri="urn:test:batch:3").headline == "Corrected story 3"


def test_old_addresses_claimed_in_one_batch_lead_to_the_last_story(headlines):
    from articles.importing.common import ImportSummary, Story

    summary = ImportSummary()
    LegacyRedirect.objects.create(old_path="/old/shared/", target_path="/markets/")
    stories = _batch_for(summary, headlines)
    for n in range(3):
        story = Story(uri=f"urn:test:redirect:{n}", headline=f"Story {n}", body_html="<p>Text</p>")
        story.legacy_paths = ["/old/shared/", f"/old/{n}/"]
        stories.add(batch.Item(source=f"doc {n}", uri=story.uri, version=None, build=lambda story=story: story))
    stories.flush()
    assert summary.counts["created"] == 3
    last = Article.objects.get(source_uri="urn:test:redirect:2")
    shared = LegacyRedirect.objects.get(old_path="/old/shared/")
    assert shared.article == last and shared.target_path == ""
    assert LegacyRedirect.objects.get(old_path="/old/0/").article.source_uri == "urn:test:redirect:0"


def _batch_for(summary, section):
    return batch.StoryBatch(summary, section=section, status=Article.Status.PUBLISHED)
