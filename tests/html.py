"""Reading rendered HTML in tests: parse a page, read the text a reader sees.

For example `texts(parse(client.get(url)), "h1") == ["About Us"]`.
"""

from lxml import html as lxml_html


def parse(content):
    """An lxml.html document from bytes, a str or a Django response (its content).

    Bytes are handed to lxml as they are, so the page's own
    <meta charset> decides how they are read.
    """
    return lxml_html.fromstring(getattr(content, "content", content))


def parse_ok(response):
    """parse() a test-client response after checking that it is a 200."""
    assert response.status_code == 200, f"{response.status_code} for {response.wsgi_request.get_full_path()}"
    return parse(response)


def text(node):
    """The text of an element, or of an HTML string, with whitespace collapsed
    to single spaces and trimmed, as a reader sees it."""
    if isinstance(node, str | bytes):
        node = lxml_html.fragment_fromstring(node, create_parent="div")
    return " ".join(node.text_content().split())


def texts(node, selector):
    """text() of every element under `node` that the CSS selector matches, in document order."""
    return [text(element) for element in node.cssselect(selector)]
