"""Author pages: role, areas of expertise, credentials, contact, other profiles and a described photo,
and the Person JSON-LD (jobTitle, knowsAbout, sameAs) search engines read."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Author
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory
from tests.html import parse_ok, text, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert(section):
    author = AuthorFactory(
        name="Polina Devitt",
        slug="polina-devitt",
        role="Energy correspondent",
        expertise="Oil markets, OPEC , Commodities,",
        credentials="CFA charterholder\n\nTen years on a commodities desk",
        contact_email="polina@example.com",
        same_as="https://www.linkedin.com/in/polina\nhttps://mastodon.example/@polina",
        photo=ImageFactory(alt_text="Polina Devitt, smiling, in the newsroom"),
    )
    ArticleFactory(category=section, authors=[author])
    return author


def ld(page, kind):
    blocks = [json.loads(s.text) for s in page.cssselect('script[type="application/ld+json"]')]
    return next(b for b in blocks if b["@type"] == kind)


def test_the_author_page_shows_role_expertise_credentials_contact_and_profiles(client, expert):
    page = parse_ok(client.get(expert.get_absolute_url()))
    header = page.cssselect(".author-header")[0]
    assert texts(header, ".author-header__role") == ["Energy correspondent"]
    assert texts(header, "dt") == ["Areas of expertise", "Credentials", "Contact", "Elsewhere"]
    assert "Oil markets, OPEC, Commodities" in text(header)
    assert texts(header, "dd")[1:3] == ["CFA charterholder", "Ten years on a commodities desk"]
    assert header.cssselect('a[href="mailto:polina@example.com"]')
    assert [a.get("href") for a in header.cssselect('a[rel~="me"]')] == [
        "https://www.linkedin.com/in/polina",
        "https://mastodon.example/@polina",
    ]
    assert header.cssselect("img")[0].get("alt") == "Polina Devitt, smiling, in the newsroom"


def test_the_person_json_ld_has_job_title_and_knows_about(client, expert):
    person = ld(parse_ok(client.get(expert.get_absolute_url())), "Person")
    assert person["@context"] == "https://schema.org"
    assert person["name"] == "Polina Devitt"
    assert person["url"] == f"http://testserver{expert.get_absolute_url()}"
    assert person["jobTitle"] == "Energy correspondent"
    assert person["knowsAbout"] == ["Oil markets", "OPEC", "Commodities"]
    assert person["sameAs"] == ["https://www.linkedin.com/in/polina", "https://mastodon.example/@polina"]
    assert [c["name"] for c in person["hasCredential"]] == ["CFA charterholder", "Ten years on a commodities desk"]
    assert person["email"] == "mailto:polina@example.com"
    assert person["image"]["caption"] == "Polina Devitt, smiling, in the newsroom"
    assert person["worksFor"]["@type"] == "NewsMediaOrganization"


def test_a_bare_author_page_has_only_what_is_known(client, section):
    author = AuthorFactory(name="Ann Lee", slug="ann-lee", bio="")
    ArticleFactory(category=section, authors=[author])
    page = parse_ok(client.get(author.get_absolute_url()))
    assert not page.cssselect(".author-facts") and not page.cssselect(".author-header__role")
    assert set(ld(page, "Person")) == {"@context", "@type", "name", "url", "worksFor"}


def test_the_article_json_ld_names_the_authors_role(client, expert):
    article = expert.articles.get()
    data = ld(parse_ok(client.get(article.get_absolute_url())), "ReportageNewsArticle")
    assert data["author"][0]["jobTitle"] == "Energy correspondent"


def test_other_profiles_must_be_web_addresses(db):
    author = Author(name="X", slug="x", same_as="https://ok.example/\njavascript:alert(1)")
    with pytest.raises(ValidationError) as error:
        author.full_clean()
    assert "is not a web address" in str(error.value.message_dict["same_as"])


def test_the_admin_refuses_a_bad_profile_with_a_message(editor_client):
    response = editor_client.post(
        reverse("admin:articles_author_add"), {"name": "X", "slug": "x", "same_as": "not a link"}
    )
    assert response.status_code == 200 and "is not a web address" in response.content.decode()
    assert not Author.objects.exists()
