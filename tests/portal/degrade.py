"""What the degrade tests share: the reader pages of the `reader_site` fixture (tests/portal/conftest.py),
a reader's browser, the two reader forms."""

from django.urls import reverse

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


def reader_pages(site):
    """{name: URL} of the pages readers open most, each needing the database when uncached."""
    article = site["article"]
    return {
        "home": reverse("home"),
        "section": article.category.get_absolute_url(),
        "article": article.get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": "oil"}),
        "author": article.authors.first().get_absolute_url(),
        "search": reverse("articles:search") + "?q=oil",
        "latest": reverse("articles:latest"),
        "newsletter": reverse("newsletter:index"),
        "company page": site["page"].get_absolute_url(),
        "feed": reverse("articles:feed", kwargs={"fmt": "rss"}),
        "sitemap": reverse("portal:sitemap_xml"),
    }


def signup(client, site, email, ip="198.51.100.7"):
    data = {"email": email, "source": "page", "lists": [site["daily"].pk], "website": ""}
    return client.post(reverse("newsletter:subscribe"), data, REMOTE_ADDR=ip)


def contact(client, ip="198.51.100.8"):
    data = {
        "name": "Ada Reader",
        "email": "ada@example.com",
        "subject": "A question",
        "message": "Hello.",
        "website": "",
    }
    return client.post(reverse("portal:contact"), data, REMOTE_ADDR=ip)
