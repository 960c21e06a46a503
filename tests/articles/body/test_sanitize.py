"""The body's sanitizer keeps exactly the two placeholders, with validated attributes, and drops the rest."""

import pytest

from articles.body.sanitize import clean_body, embed_problems
from articles.models import Article
from tests.factories import ArticleFactory

FIGURE = '<figure data-image="12" data-caption="Traders &amp; screens" data-credit="Reuters"></figure>'
EMBED = '<div data-embed="youtube" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></div>'


def test_valid_placeholders_are_kept_as_they_are():
    body = f"<p>Before.</p>{FIGURE}{EMBED}<h2>After</h2>"
    assert clean_body(body) == body


@pytest.mark.parametrize(
    ("hostile", "kept"),
    [
        # Event handlers, styles, classes and ids never survive on a placeholder.
        ('<figure data-image="12" onclick="alert(1)" style="x" class="y" id="z"></figure>',
         '<figure data-image="12"></figure>'),
        # Its content is dropped: a placeholder is empty by definition.
        ('<figure data-image="12"><img src="https://tracker.example/p.gif"><script>alert(1)</script></figure>',
         '<figure data-image="12"></figure>'),
        # A picture number that is not a number.
        ('<figure data-image="12 onload=alert(1)"></figure>', ""),
        ('<figure data-image="javascript:alert(1)"></figure>', ""),
        ('<figure data-image="-3"></figure>', ""),
        # A figure that is not a placeholder is unwrapped: its text stays, the element goes.
        ("<figure><figcaption>Old caption</figcaption></figure>", "Old caption"),
        # Unknown providers, javascript: and look-alike addresses are dropped.
        ('<div data-embed="youtube" data-url="javascript:alert(1)"></div>', ""),
        ('<div data-embed="evil" data-url="https://evil.example/x"></div>', ""),
        ('<div data-embed="x" data-url="https://x.com.evil.example/a/status/1"></div>', ""),
        # Provider and address must agree.
        ('<div data-embed="vimeo" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></div>', ""),
        # A pasted address is rebuilt from its ids (tracking parameters gone).
        ('<div data-embed="x" data-url="https://twitter.com/Reuters/status/123?s=20&amp;t=abc" data-x="1"></div>',
         '<div data-embed="x" data-url="https://x.com/Reuters/status/123"></div>'),
        # A plain div (not a placeholder) keeps only its cleaned content.
        ('<div class="ad"><p>Text</p><iframe src="https://evil.example"></iframe></div>', "<p>Text</p>"),
        # Nested placeholders: the outer one wins, the inner is content and goes.
        ('<figure data-image="1"><figure data-image="2"></figure></figure>', '<figure data-image="1"></figure>'),
        # Caption quotes and angle brackets stay text.
        ('<figure data-image="5" data-caption="&quot;><script>alert(1)</script>"></figure>',
         '<figure data-image="5" data-caption="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"></figure>'),
    ],
)  # fmt: skip
def test_hostile_placeholders_are_cleaned(hostile, kept):
    assert clean_body(hostile) == kept


def test_links_keep_the_newsrooms_rules():
    assert clean_body('<p><a href="javascript:alert(1)">x</a></p>') == "<p><a>x</a></p>"
    sponsored = clean_body('<p><a href="https://shop.example">x</a></p>' + EMBED, sponsored=True)
    assert 'rel="sponsored noopener"' in sponsored and EMBED in sponsored


def test_captions_are_cut_to_their_limits():
    cleaned = clean_body(f'<figure data-image="1" data-caption="{"a" * 500}" data-credit="{"b" * 500}"></figure>')
    assert f'data-caption="{"a" * 300}"' in cleaned and f'data-credit="{"b" * 120}"' in cleaned


def test_the_problems_name_each_refused_address():
    body = '<div data-embed="x" data-url="https://evil.example/a"></div>' + EMBED
    assert embed_problems(body) == ["https://evil.example/a"]
    assert embed_problems(EMBED) == []


@pytest.mark.django_db
def test_every_save_cleans_the_body():
    article = ArticleFactory(body='<p>Hi</p><div data-embed="evil" data-url="x" onclick="y"></div>' + FIGURE)
    article.refresh_from_db()
    assert article.body == "<p>Hi</p>" + FIGURE
    assert Article._meta.get_field("body").sanitize(article.body) == article.body  # cleaning twice changes nothing
