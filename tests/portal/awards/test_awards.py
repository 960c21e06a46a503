"""The awards pages: content, status, cache headers, the nomination window and query counts."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.models import AwardCategory, AwardsProgramme, Submission, Winner
from tests.factories import ArticleFactory
from tests.portal.awards.data import add_media_kit, make_programme

pytestmark = [pytest.mark.django_db, pytest.mark.media]

PUBLIC_PAGES = ["about", "timetable", "testimonials", "media", "winners", "faq"]


def test_no_programme_means_not_found(client):
    for name in [*PUBLIC_PAGES, "nominate"]:
        assert client.get(reverse(f"awards:{name}")).status_code == 404, name


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_are_cacheable(client, name):
    make_programme()
    response = client.get(reverse(f"awards:{name}"))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "max-age" in response["Cache-Control"]


def test_about_shows_intro_rich_text_categories_and_window(client):
    make_programme()
    html = client.get(reverse("awards:about")).content.decode()
    assert "Finance Awards 2026" in html
    assert "<strong>excellence</strong>" in html
    assert "Category 0" in html and "Category 1" in html
    assert "Nominations are open" in html
    assert 'aria-current="page"' in html  # the awards menu marks this page


def test_the_current_programme_is_the_newest_published(client):
    make_programme(2025, winners=0)
    make_programme(2027, winners=0, published=False)
    make_programme(2026, winners=0)
    assert AwardsProgramme.objects.current().year == 2026
    assert "Finance Awards 2026" in client.get(reverse("awards:about")).content.decode()


def test_timetable_lists_milestones_in_date_order(client):
    make_programme()
    html = client.get(reverse("awards:timetable")).content.decode()
    assert html.index("Nominations open") < html.index("Winners announced")
    assert '<time class="timetable__date" datetime="2026-01-15">' in html


def test_testimonials_and_faq(client):
    make_programme(testimonials=2)
    html = client.get(reverse("awards:testimonials")).content.decode()
    assert "Great awards 0" in html and "Great awards 1" in html and "<blockquote>" in html
    assert "Is it free?" in client.get(reverse("awards:faq")).content.decode()


def test_media_room_lists_published_press_releases_and_media_kit(client):
    programme = make_programme()
    released = ArticleFactory(headline="Awards shortlist announced")
    draft = ArticleFactory(headline="Draft release", status="draft")
    programme.press_releases.set([released, draft])
    kit = add_media_kit(programme)
    assert kit.file_type == "pdf" and kit.size > 0
    html = client.get(reverse("awards:media")).content.decode()
    assert "Awards shortlist announced" in html
    assert "Draft release" not in html
    assert "Fact sheet" in html and "(PDF," in html
    assert kit.file.url in html


def test_media_kit_refuses_a_file_that_is_not_what_it_claims(settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.models import MediaKitFile

    programme = make_programme()
    kit = MediaKitFile(programme=programme, title="Logo")
    kit.file = SimpleUploadedFile("logo.png", b"MZ\x90\x00 not a picture", content_type="image/png")
    with pytest.raises(ValidationError, match="PDF, ZIP, PNG or JPEG"):
        kit.full_clean()


def test_winners_by_year_and_category(client):
    make_programme(2025, winners=3, window="after")
    make_programme(2026, winners=0)
    # /awards/winners/ is the newest year that has winners.
    html = client.get(reverse("awards:winners")).content.decode()
    assert "Award Winners 2025" in html
    assert "Winner Org 0" in html and "Winner Org 1" in html and "Winner Org 2" in html
    assert 'alt="Winner logo"' in html and "srcset=" in html
    category = reverse("awards:winners_category", kwargs={"year": 2025, "category": "category-1"})
    assert category in html
    html = client.get(category).content.decode()
    assert "Winner Org 1" in html and "Winner Org 0" not in html
    assert client.get(reverse("awards:winners_year", kwargs={"year": 2024})).status_code == 404
    missing = reverse("awards:winners_category", kwargs={"year": 2025, "category": "nope"})
    assert client.get(missing).status_code == 404


def test_winners_page_before_any_winner_says_so(client):
    make_programme(winners=0)
    response = client.get(reverse("awards:winners"))
    assert response.status_code == 200
    assert "have not been announced yet" in response.content.decode()


def test_winner_category_must_belong_to_its_programme():
    first, second = make_programme(2025, winners=0), make_programme(2026, winners=0)
    winner = Winner(programme=first, category=second.categories.first(), organisation="X")
    with pytest.raises(ValidationError, match="this winner's programme"):
        winner.full_clean()


def test_programme_must_close_after_it_opens():
    programme = make_programme(winners=0)
    programme.nominations_close_at = programme.nominations_open_at - timedelta(hours=1)
    with pytest.raises(ValidationError, match="close after they open"):
        programme.full_clean()


# --- The nomination window ------------------------------------------------


def nomination(programme, **overrides):
    data = {
        "award_category": programme.categories.first().pk,
        "subject": "Acme Bank",
        "name": "Nora Nominator",
        "email": "nora@example.com",
        "message": "They doubled customer satisfaction.",
        "website": "",
    }
    return {**data, **overrides}


def test_before_the_window_the_page_says_when_it_opens_and_refuses_posts(client):
    programme = make_programme(window="before")
    response = client.get(reverse("awards:nominate"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nominations open on" in html
    local = timezone.localtime(programme.nominations_open_at)
    assert local.strftime("%H:%M") in html and str(local.year) in html
    assert "<form" not in html.split('class="awards__body"')[1]
    response = client.post(reverse("awards:nominate"), nomination(programme))
    assert response.status_code == 403
    assert "Nominations open on" in response.content.decode()
    assert not Submission.objects.exists()


def test_after_the_window_the_page_says_when_it_closed_and_when_winners_come(client):
    programme = make_programme(window="after")
    html = client.get(reverse("awards:nominate")).content.decode()
    assert "Nominations closed on" in html
    assert "Winners will be announced on" in html and "5 March 2027" in html
    response = client.post(reverse("awards:nominate"), nomination(programme))
    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_while_open_the_form_stores_a_nomination(client, django_capture_on_commit_callbacks, mailoutbox):
    programme = make_programme(window="open")
    response = client.get(reverse("awards:nominate"))
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert 'name="award_category"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:nominate"), nomination(programme))
    assert response.status_code == 302 and response["Location"] == reverse("awards:nominate_thanks")
    submission = Submission.objects.get()
    assert submission.kind == Submission.Kind.NOMINATION
    assert submission.award_category == programme.categories.first()
    assert submission.subject == "Acme Bank"
    assert len(mailoutbox) == 2


def test_a_category_of_another_programme_is_refused(client):
    old = make_programme(2025, window="after", winners=0)
    programme = make_programme(2026, window="open", winners=0)
    response = client.post(reverse("awards:nominate"), nomination(programme, award_category=old.categories.first().pk))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Submission.objects.exists()


def test_script_payloads_in_a_nomination_are_escaped(client):
    programme = make_programme(window="open", winners=0)
    xss = '<script>alert("x")</script>'
    data = nomination(programme, subject=xss, name=xss, email=f"a{xss}", message=xss, award_category=xss)
    response = client.post(reverse("awards:nominate"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert xss not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("window", ["before", "open", "after"])
def test_window_boundaries(window):
    programme = make_programme(window=window, winners=0)
    assert programme.window() == window
    assert programme.window(programme.nominations_open_at) == "open"
    assert programme.window(programme.nominations_close_at) == "after"
    assert programme.window(programme.nominations_open_at - timedelta(seconds=1)) == "before"


# --- Query counts ---------------------------------------------------------

# Each page's own queries with the site chrome already cached (pinned here, not
# in tests/articles/test_query_counts.py, which the lead owns).
EXPECTED_QUERIES = {
    "about": 2,
    "timetable": 2,
    "testimonials": 2,
    "media": 3,
    "faq": 1,
    "winners": 4,
    "nominate": 2,
}


@pytest.mark.parametrize("size", [1, 12])
def test_awards_pages_run_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    make_programme(2025, window="after", winners=size, categories=min(size, 4), testimonials=size)
    programme = make_programme(2026, window="open", winners=0, categories=size, testimonials=size)
    programme.press_releases.set([ArticleFactory() for _ in range(size)])
    for _ in range(size):
        add_media_kit(programme)
    for name, expected in EXPECTED_QUERIES.items():
        url = reverse(f"awards:{name}")
        client.get(url)  # warm the chrome cache
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200
    winners = reverse("awards:winners_category", kwargs={"year": 2025, "category": "category-0"})
    client.get(winners)
    with django_assert_num_queries(EXPECTED_QUERIES["winners"]):
        client.get(winners)


# --- Admin and demo -------------------------------------------------------


def test_programme_admin_pages(editor_client):
    programme = make_programme()
    assert editor_client.get(reverse("admin:portal_awardsprogramme_changelist")).status_code == 200
    response = editor_client.get(reverse("admin:portal_awardsprogramme_change", args=[programme.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for inline in ("categories", "milestones", "winners", "testimonials", "media_kit"):
        assert f'id="{inline}-group"' in html, inline
    assert editor_client.get(reverse("admin:portal_awardsprogramme_add")).status_code == 200


def test_seed_awards_is_idempotent_and_builds_a_full_programme(client):
    call_command("seed_awards", stdout=io.StringIO())
    call_command("seed_awards", stdout=io.StringIO())
    year = timezone.localdate().year
    assert sorted(AwardsProgramme.objects.values_list("year", flat=True)) == [year - 1, year]
    last = AwardsProgramme.objects.get(year=year - 1)
    assert last.winners.count() == 3 and all(w.logo.renditions for w in last.winners.all())
    assert AwardCategory.objects.filter(programme=last).count() == 3
    current = AwardsProgramme.objects.current()
    kit = current.media_kit.get()
    assert kit.file_type == "pdf" and kit.size > 500
    assert current.milestones.filter(announces_winners=True).exists()
    assert client.get(reverse("awards:winners")).status_code == 200
