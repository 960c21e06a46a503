"""The API against its own OpenAPI document, with schemathesis: generated requests get no 5xx, and every
answer matches the document (status code, content type, body schema). Bounded: a few dozen examples an
operation, well under a minute for the whole module."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from articles.models import Article, LiveBlog, LiveBlogEntry
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CorrectionFactory,
    DisclosureFactory,
    FAQFactory,
    ImageFactory,
    KeyTakeawayFactory,
)

CHECKS = [schemathesis.checks.not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]  # fmt: skip


@pytest.fixture
def api_schema(db, settings):
    """The document as an app downloads it, from a newsroom with every kind of story in it."""
    settings.API_ANONYMOUS_RATE_LIMIT = 0  # the limit is tested on its own; here every request is answered
    settings.ALLOWED_HOSTS = ["*"]
    business = CategoryFactory(name="Business", slug="business")
    CategoryFactory(name="Banking", slug="banking", parent=business)
    writer = AuthorFactory(name="Ann Lee", slug="ann-lee", photo=ImageFactory())
    sponsored = DisclosureFactory()
    story = ArticleFactory(category=business, hero_image=ImageFactory(), authors=[writer], tags=["Oil", "Rates"])
    story.disclosures.add(sponsored)
    KeyTakeawayFactory(article=story)
    FAQFactory(article=story)
    CorrectionFactory(article=story)
    # A live blog, so /articles/{id}/entries answers 200 for some ids too.
    live = ArticleFactory(category=business, authors=[writer])
    LiveBlog.objects.create(article=live)
    LiveBlogEntry.objects.create(
        article=live, title="Rates held", body="<p>Held.</p>", author=writer, is_key_event=True
    )
    LiveBlogEntry.objects.create(article=live, body="<p>Draft.</p>", status=LiveBlogEntry.Status.DRAFT)
    for _ in range(4):
        ArticleFactory(category=business, tags=["Oil"])
    ArticleFactory(category=business, status=Article.Status.DRAFT)
    # As Django's test client does: the WSGI handler must not close the test's connection (and with it the
    # transaction the test runs in) at the start and end of each request.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_answers_as_documented(case):
    # The in-process WSGI client does not undo gzip, as an HTTP client would: ask for the plain body.
    case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})
