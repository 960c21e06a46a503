"""The parsers that take outside data, fed generated and mutated input: ninjs JSON, WordPress
WXR, the CSV lists of subscribers and suppressions, and the rich-text sanitizer.

Each may refuse input only with its own validation error (the importers'
DocumentError, or a failure recorded in the import summary); any other
exception is a bug the admin would show as a 500.
"""

import copy
import json
import re
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.importing.common import DocumentError, ImportSummary, run_document
from articles.importing.ninjs import check, detect_version, import_document, parse, to_story
from articles.models import Article
from newsletter.services.people import read_addresses
from newsletter.services.suppressions import read_suppression_csv
from portal.importing.wordpress import import_wordpress
from portal.importing.wpcontent import clean_content
from portal.models import Page
from portal.web.fields import sponsored_links
from tests.articles.importing.material import NINJS, SAMPLES
from tests.factories import CategoryFactory
from tests.fuzz import strategies as fz
from tests.fuzz.conftest import FUZZ, STATS, examples

pytestmark = pytest.mark.django_db


def load_seeds():
    """The IPTC examples and validation suite, and our samples: the documents to mutate."""
    seeds = []
    for path in sorted([*NINJS.rglob("*.json"), *(SAMPLES / "ninjs").glob("*.json")]):
        try:
            doc = json.loads(path.read_text(encoding="utf-8-sig"))
        except ValueError:  # the validation suite's should_fail files include broken JSON
            continue
        if isinstance(doc, dict) and "schemas" not in path.parts:
            seeds.append(doc)
    return seeds


SEEDS = load_seeds()
VOCABULARY = [
    "uri", "type", "version", "pubstatus", "headline", "headlines", "title", "body_text", "body_html", "body_xhtml",
    "bodies", "description_text", "description_html", "descriptions", "byline", "by", "slugline", "subject",
    "subjects", "associations", "renditions", "href", "contenttype", "mimetype", "firstcreated", "versioncreated",
    "embargoed", "copyrightholder", "$standard", "standard", "role", "value", "name", "altids", "located",
    "versionCreated", "firstCreated", "pubStatus", "copyrightHolder",
]  # fmt: skip

keys = st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=12))
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**40), max_value=10**40),
        st.floats(),
        fz.text,
        st.sampled_from(["text", "picture", "composite", "2024-05-01T10:00:00Z", "2024-13-45", "usable", "main"]),
    ),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(keys, children, max_size=4)),
    max_leaves=12,
)


def containers(value, found):
    """Every dict and list inside `value` (itself included)."""
    if isinstance(value, dict | list):
        found.append(value)
        for child in value.values() if isinstance(value, dict) else value:
            containers(child, found)
    return found


@st.composite
def mutated_documents(draw):
    """A real agency or IPTC example with a few parts replaced, removed or added."""
    doc = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        target = draw(st.sampled_from(containers(doc, [])))
        if isinstance(target, dict):
            key = draw(st.one_of(st.sampled_from(sorted(target) or VOCABULARY), keys))
            if target and draw(st.booleans()) and key in target:
                del target[key]
            else:
                target[key] = draw(json_values)
        elif target:
            target[draw(st.integers(min_value=0, max_value=len(target) - 1))] = draw(json_values)
    return json.dumps(doc, ensure_ascii=draw(st.booleans())).encode()


ninjs_input = st.one_of(
    mutated_documents(),
    st.sampled_from(SEEDS).map(lambda doc: json.dumps(doc).encode()),
    json_values.map(lambda value: json.dumps(value).encode()),
    st.dictionaries(keys, json_values, max_size=8).map(lambda doc: json.dumps(doc).encode()),
    st.binary(max_size=300),
    st.sampled_from([b"", b"\xef\xbb\xbf{}", b"{" * 5000, b"[" * 100000, b'{"uri": "x", "body_text": "\\ud800"}']),
)


def counted(label, work, allowed=()):
    """Run one parser input; an exception other than `allowed` is counted and re-raised."""
    STATS["parser inputs"] += 1
    try:
        return work()
    except allowed:
        return None
    except Exception:
        STATS["parser crashes"] += 1
        raise


@settings(FUZZ, max_examples=examples(300))
@given(raw=ninjs_input)
def test_ninjs_documents_are_read_or_refused_with_a_reason(raw):
    def read():
        doc = parse(raw)
        version = detect_version(doc)
        story = to_story(check(doc, version), version)
        assert isinstance(story.headline, str) and isinstance(story.body_html, str)

    counted("ninjs", read, allowed=DocumentError)


@pytest.fixture
def import_section(db):
    return CategoryFactory(name="Headlines", slug="headlines")


def test_ninjs_imports_store_or_report_every_document(import_section):
    """The whole import of one document, database included: a failure is reported, never raised."""

    @settings(FUZZ, max_examples=examples(30))
    @given(raw=ninjs_input)
    def run(raw):
        summary = ImportSummary()

        def work():
            return import_document(
                raw, source="fuzz", base_dir=None, section=import_section, status=Article.Status.DRAFT, summary=summary
            )

        with transaction.atomic():
            outcome = counted("ninjs import", lambda: run_document(summary, "fuzz", work))
            transaction.set_rollback(True)
        assert outcome in ("created", "updated", "unchanged", "skipped", "failed")

    run()


xml_text = st.one_of(
    fz.text.map(
        lambda t: "".join(c for c in t if c in "\t\n\r" or (" " <= c <= "\ud7ff") or "\ue000" <= c <= "\ufffd")
    ),
    st.sampled_from(
        ["", "0000-00-00 00:00:00", "2024-05-01 10:00:00", "2024-02-30 25:61:00", "post", "page", "publish"]
    ),
)
items = st.fixed_dictionaries(
    {
        "title": xml_text,
        "post_id": st.one_of(st.integers(min_value=-5, max_value=10**20).map(str), xml_text),
        "post_type": st.sampled_from(["post", "page", "attachment", "nav_menu_item", "", "revision"]),
        "status": st.sampled_from(["publish", "future", "draft", "pending", "private", "trash", "inherit", ""]),
        "date": xml_text,
        "date_gmt": xml_text,
        "name": xml_text,
        "link": st.one_of(xml_text, st.sampled_from(["https://old.example.com/a/b/", "https://x/%00/", "//x"])),
        "creator": xml_text,
        "content": st.one_of(xml_text, st.sampled_from(['[caption id="attachment_1"]<img src="x">[/caption]'])),
        "excerpt": xml_text,
        "categories": st.lists(
            st.tuples(st.sampled_from(["category", "post_tag", "x"]), xml_text, xml_text), max_size=3
        ),
        "thumbnail": st.one_of(st.just(""), xml_text),
    }
)
categories = st.lists(st.tuples(xml_text, xml_text, xml_text), max_size=4)


def wxr(site_categories, posts):
    """A WordPress export holding these categories and items (text escaped, as WordPress writes it)."""
    cats = "".join(
        f"<wp:category><wp:category_nicename>{escape(n)}</wp:category_nicename>"
        f"<wp:category_parent>{escape(p)}</wp:category_parent><wp:cat_name>{escape(c)}</wp:cat_name></wp:category>"
        for n, c, p in site_categories
    )
    body = ""
    for post in posts:
        terms = "".join(
            f'<category domain="{escape(d)}" nicename="{escape(n, {chr(34): "&quot;"})}">{escape(c)}</category>'
            for d, n, c in post["categories"]
        )
        body += (
            f"<item><title>{escape(post['title'])}</title><link>{escape(post['link'])}</link>"
            f"<dc:creator>{escape(post['creator'])}</dc:creator>"
            f"<content:encoded>{escape(post['content'])}</content:encoded>"
            f"<excerpt:encoded>{escape(post['excerpt'])}</excerpt:encoded>"
            f"<wp:post_id>{escape(post['post_id'])}</wp:post_id><wp:post_date>{escape(post['date'])}</wp:post_date>"
            f"<wp:post_date_gmt>{escape(post['date_gmt'])}</wp:post_date_gmt>"
            f"<wp:post_name>{escape(post['name'])}</wp:post_name><wp:status>{escape(post['status'])}</wp:status>"
            f"<wp:post_type>{escape(post['post_type'])}</wp:post_type>{terms}"
            f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>{escape(post['thumbnail'])}"
            "</wp:meta_value></wp:postmeta></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        f"<link>https://old.example.com</link><wp:wxr_version>1.2</wp:wxr_version>{cats}{body}</channel></rss>"
    )


SAMPLE_WXR = (SAMPLES / "site.wxr.xml").read_bytes()


@st.composite
def damaged_samples(draw):
    """The sample export with a slice cut out or replaced: broken XML, cut-off items."""
    start = draw(st.integers(min_value=0, max_value=len(SAMPLE_WXR)))
    end = draw(st.integers(min_value=start, max_value=min(len(SAMPLE_WXR), start + 400)))
    return SAMPLE_WXR[:start] + draw(st.binary(max_size=40)) + SAMPLE_WXR[end:]


exports = st.one_of(
    st.builds(wxr, categories, st.lists(items, min_size=1, max_size=3)).map(str.encode),
    damaged_samples(),
    st.sampled_from([b"", b"<rss/>", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><rss>&a;</rss>', SAMPLE_WXR]),
)


def test_wordpress_exports_import_or_are_refused_with_a_reason(import_section, tmp_path):
    """Scan and import, database included; each example rolled back."""
    path = Path(tmp_path) / "export.xml"

    @settings(FUZZ, max_examples=examples(25))
    @given(data=exports)
    def run(data):
        path.write_bytes(data)
        with transaction.atomic():
            counted(
                "wxr",
                lambda: import_wordpress(path, section=import_section, summary=ImportSummary(), uploads=None),
                allowed=DocumentError,
            )
            transaction.set_rollback(True)

    run()


csv_text = st.one_of(
    fz.text,
    st.lists(st.lists(st.one_of(st.emails(), fz.text, st.just('"')), max_size=4), max_size=6).map(
        lambda rows: "\n".join(",".join(cells) for cells in rows)
    ),
    st.sampled_from(["\ufeffemail\na@example.com", "email,reason\nA@Example.COM,complaint", "x" * 200_000, '"' * 3]),
)


@settings(FUZZ, max_examples=examples(200))
@given(text=csv_text)
def test_the_csv_readers_list_bad_lines_and_never_raise(text):
    for reader in (read_addresses, read_suppression_csv):
        rows, invalid = counted("csv", lambda reader=reader: reader(text))
        assert all(isinstance(line, str) for line in invalid)


html = st.one_of(
    fz.text,
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "<p>",
                    "</p>",
                    "<a href='javascript:alert(1)'>",
                    '<a href="https://x" target=_blank>',
                    "</a>",
                    "<script>alert(1)</script>",
                    "<img src=x onerror=alert(1)>",
                    "<table><tr><td>",
                    "<!--",
                    "-->",
                    "<![CDATA[",
                    "<svg><style>",
                    "<math>",
                    "&amp;",
                    "&#0;",
                    "&#x110000;",
                    "<h1>",
                    "<h2 style=x>",
                    "<iframe src=//x>",
                    '[gallery ids="1"]',
                    "[caption]",
                    "[/caption]",
                    "<br/>",
                    "\n\n",
                ]
            ),  # fmt: skip
            fz.text,
        ),
        max_size=12,
    ).map("".join),
)


#: A script the browser would run: an event handler, or a javascript: link.
LIVE_ATTRIBUTE = re.compile(r"<[^>]*\s(on\w+\s*=|href\s*=\s*[\"']?\s*javascript:)", re.IGNORECASE)


@settings(FUZZ, max_examples=examples(200))
@given(value=html)
def test_the_sanitizer_and_the_wordpress_cleaner_never_raise_and_drop_scripts(value):
    sanitize = Page._meta.get_field("body").sanitize

    def clean():
        cleaned = sanitize(value)
        assert "<script" not in cleaned.lower() and not LIVE_ATTRIBUTE.search(cleaned)
        sponsored_links(cleaned)
        content, _notes, _images = clean_content(value)
        assert "<script" not in content.lower()

    counted("sanitizer", clean)
