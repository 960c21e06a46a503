"""The demo's wire stories, and WordPress content clean-up in isolation."""

import io
from pathlib import Path

from django.core.management import call_command

from articles.models import Article
from portal.importing.wpcontent import autop, clean_content

DEMO = Path(__file__).resolve().parents[3] / "articles" / "demo" / "wire"


def test_make_demo_imports_the_wire_stories_once(headlines):
    out = io.StringIO()
    call_command("import_ninjs", str(DEMO), section="headlines", stdout=out)
    call_command("import_ninjs", str(DEMO), section="headlines", stdout=out)
    assert "3 created" in out.getvalue() and "3 unchanged" in out.getvalue()
    assert Article.objects.published().filter(category=headlines).count() == 3
    assert Article.objects.get(source_uri="urn:newsportal:demo:wire:rates-flash").urgency == 1  # the dashboard's flash
    assert "import_ninjs articles/demo/wire" in (DEMO.parents[2] / "Makefile").read_text()


def test_block_comments_go_and_paragraphs_come():
    html, notes, images = clean_content("<!-- wp:heading --><h2>Title</h2><!-- /wp:heading -->\n\nLine one\nline two")
    assert html == "<h2>Title</h2>\n<p>Line one<br>\nline two</p>"
    assert notes == [] and images == []


def test_a_caption_keeps_its_text_and_reports_its_image():
    raw = '[caption id="attachment_1" width="300"]<a href="/x"><img src="/up/a.jpg" alt="A"></a> The caption[/caption]'
    html, notes, images = clean_content(raw)
    assert html == "<p>The caption</p>"
    assert images == [{"src": "/up/a.jpg", "alt": "A"}]


def test_shortcodes_are_removed_and_reported_but_brackets_in_text_stay():
    html, notes, _ = clean_content('[embed]https://video.example.com/1[/embed] He said [sic] it. [contact id="4"]')
    assert "[sic]" in html and "[embed]" not in html and "[contact" not in html
    assert notes == [
        "shortcode [contact] removed (its inner text is kept)",
        "shortcode [embed] removed (its inner text is kept)",
    ]


def test_autop_leaves_blocks_alone():
    assert autop("<ul><li>a</li></ul>\n\ntext") == "<ul><li>a</li></ul>\n<p>text</p>"
