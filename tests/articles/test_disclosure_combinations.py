"""Which disclosures may be shown together: at most one may say who wrote the article."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Disclosure
from articles.models.disclosures import disclosure_combination_errors
from articles.services import article_disclosure_ids
from tests.articles.admin_forms import article_form
from tests.factories import CategoryFactory, DisclosureFactory
from tests.html import parse, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def sponsored(db):
    return DisclosureFactory(written_by=Disclosure.WrittenBy.COMMERCIAL)


@pytest.fixture
def agency(db):
    return DisclosureFactory(
        name="Agency copy (wire)", label="Agency copy", is_commercial=False, written_by=Disclosure.WrittenBy.AGENCY
    )


@pytest.fixture
def affiliate(db):
    return DisclosureFactory(name="Affiliate links", label="Affiliate links")


def admin_errors(response):
    return [text(li) for li in parse(response.content.decode()).cssselect(".errorlist li")]


def test_sponsored_and_agency_copy_are_refused_with_a_clear_message(
    editor_client, section, author, image, sponsored, agency
):
    data = article_form(section, author, image, disclosures=[sponsored.pk, agency.pk])
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert admin_errors(response) == [
        "These disclosures contradict each other: “Agency copy (wire)” says it was written by a news agency "
        "and “Sponsored content” says it was written by our commercial team. Keep the one that is true."
    ]
    assert not Article.objects.filter(slug=data["slug"]).exists()


def test_the_sections_default_counts_and_the_message_says_how_to_drop_it(
    editor_client, author, image, sponsored, agency
):
    wire = CategoryFactory(name="Headlines", slug="headlines", default_disclosure=agency)
    data = article_form(wire, author, image, disclosures=[sponsored.pk])
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    (error,) = admin_errors(response)
    assert "“Agency copy (wire)” (the section's default) says it was written by a news agency" in error
    assert "untick “Show the section's disclosure”" in error

    data["use_section_disclosure"] = None
    data = {k: v for k, v in data.items() if v is not None}
    assert editor_client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get(slug=data["slug"])
    assert article_disclosure_ids(article) == {sponsored.pk}


def test_disclosures_that_say_nothing_about_the_author_combine_freely(
    editor_client, section, author, image, sponsored, affiliate
):
    data = article_form(section, author, image, disclosures=[sponsored.pk, affiliate.pk])
    assert editor_client.post(reverse("admin:articles_article_add"), data).status_code == 302
    assert disclosure_combination_errors([sponsored, affiliate]) == []
    assert disclosure_combination_errors([sponsored, sponsored]) == []


def test_the_admin_explains_the_field(editor_client):
    page = editor_client.get(reverse("admin:articles_disclosure_add")).content.decode()
    assert "Says it was written by" in page and "An article cannot carry two disclosures" in page


@pytest.mark.media
def test_the_demo_content_respects_the_rule(client):
    call_command("seed_demo", articles=30, verbosity=0)  # story 9 is a Headlines (wire) story due a "Sponsored"
    by_id = {d.pk: d for d in Disclosure.objects.all()}
    assert {d.slug: d.written_by for d in by_id.values()}["agency-copy"] == "agency"
    for article in Article.objects.select_related("category__default_disclosure").prefetch_related("disclosures"):
        shown = [by_id[pk] for pk in article_disclosure_ids(article)]
        assert disclosure_combination_errors(shown) == [], article.headline
    wire = Article.objects.get(category__slug="headlines", demo_story__number=9)
    assert [d["label"] for d in wire.effective_disclosures] == ["Agency copy"]
    page = client.get(wire.get_absolute_url()).content.decode()
    assert "published as the agency filed it" in page and "written by our commercial team" not in page


@pytest.mark.media
def test_a_demo_site_seeded_before_the_rule_is_untangled_on_the_next_run(client):
    call_command("seed_demo", articles=12, verbosity=0)
    wire = Article.objects.get(demo_story__number=9)
    sponsored = Disclosure.objects.get(slug="sponsored")
    affiliate = Disclosure.objects.get(slug="affiliate-links")
    wire.disclosures.add(sponsored, affiliate)  # what the old seeder wrote (plus a label that may stay)
    call_command("seed_demo", articles=12, verbosity=0)
    assert [d["label"] for d in Article.objects.get(pk=wire.pk).effective_disclosures] == [
        "Affiliate links",
        "Agency copy",
    ]
