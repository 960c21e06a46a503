"""The docs page and the OpenAPI document as a developer sees them: every operation, self-hosted assets, cached."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_openapi_document_describes_every_endpoint_and_the_optional_key(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    document = response.json()
    assert document["info"]["title"] == "Newsportal read API"
    assert sorted(document["paths"]) == [
        "/api/v1/articles",
        "/api/v1/articles/{article_id}",
        "/api/v1/articles/{article_id}/entries",
        "/api/v1/authors",
        "/api/v1/sections",
        "/api/v1/tags",
    ]
    listing = document["paths"]["/api/v1/articles"]["get"]
    assert [p["name"] for p in listing["parameters"]] == [
        "section", "tag", "author", "updated_since", "limit", "cursor"
    ]  # fmt: skip
    assert listing["security"] == [{"PartnerKey": []}, {}]  # a key, or none at all
    assert document["components"]["securitySchemes"]["PartnerKey"] == {
        "type": "apiKey", "in": "header", "name": "X-API-Key"
    }  # fmt: skip
    article = document["components"]["schemas"]["ArticleOut"]
    assert {"disclosures", "is_commercial"} <= set(article["required"])


def test_the_docs_page_lists_every_operation_and_loads_only_our_own_assets(client, django_assert_num_queries):
    client.get(reverse("home"))  # warms the chrome's caches
    with django_assert_num_queries(0):  # the chrome comes from the cache; the page itself reads nothing
        response = client.get(reverse("api:docs"))
    html = response.content.decode()
    assert response.status_code == 200 and "<h1>Read API</h1>" in html
    for operation in ("GET /api/v1/articles", "GET /api/v1/articles/{article_id}", "GET /api/v1/sections"):
        assert f"<code>{operation}</code>" in html
    assert "<code>updated_since</code>" in html and "X-API-Key" in html
    addresses = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assets = [a for a in addresses if a.endswith((".js", ".css"))]
    assert "/static/ninja/swagger-ui-bundle.js" in assets and "/static/ninja/swagger-ui.css" in assets
    assert all(a.startswith("/static/") for a in assets), assets  # no CDN: the CSP allows only 'self'
    assert "<script>" not in html  # no inline script (the settings are a JSON data block)


def test_the_docs_and_the_document_are_kept_by_the_page_cache(client, page_cache, django_assert_num_queries):
    for url in (reverse("api:docs"), "/api/v1/openapi.json", "/api/v1/"):
        assert client.get(url)["X-Page-Cache"] == "MISS", url
        with django_assert_num_queries(0):
            assert Client().get(url)["X-Page-Cache"] == "HIT", url


def test_the_demo_footer_links_the_docs_page(client):
    call_command("seed_pages", stdout=io.StringIO())
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("api:docs")}">Read API</a>' in html
