"""The awards pages and the reader forms in a real browser: axe and the Nu checker at desktop
and phone width, and each form filled in with an error, then sent successfully."""

import pytest
from django.urls import reverse

from tests.browser.checks import assert_valid_html, axe_report, serious_axe_violations
from tests.browser.support import expect

WIDTHS = {"desktop": 1280, "phone": 390}
PAGES = {
    "awards-about": "awards:about",
    "awards-timetable": "awards:timetable",
    "awards-testimonials": "awards:testimonials",
    "awards-media": "awards:media",
    "awards-faq": "awards:faq",
    "awards-winners": "awards:winners",
    "awards-nominate": "awards:nominate",
    "contact": "portal:contact",
    "submit-post": "portal:submit_post",
    "contact-thanks": "portal:contact_thanks",
}


@pytest.fixture
def awards(transactional_db, settings, tmp_path):
    from portal.models import Page
    from tests.portal.awards.data import add_media_kit, make_programme

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.SUBMISSIONS_NOTIFY_EMAILS = ["desk@example.com"]
    make_programme(2025, window="after", winners=3, categories=3, testimonials=2)
    current = make_programme(2026, window="open", winners=0, categories=3, testimonials=2)
    add_media_kit(current)
    Page.objects.create(
        slug="contact-us", title="Contact Us", summary="How to reach our newsroom.", body="<p>Write to a desk.</p>"
    )
    return current


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_axe_violations(name, width, open_context, console, awards, screenshot):
    page = open_context(bypass_csp=True, viewport={"width": WIDTHS[width], "height": 900}).new_page()
    response = page.goto(reverse(PAGES[name]))
    assert response.status == 200
    blocking = serious_axe_violations(page)
    assert not blocking, axe_report(f"{name} at {width} ({page.url})", blocking)
    if name in ("awards-winners", "contact", "submit-post", "awards-nominate"):
        screenshot(page, f"awards-forms-{name}-{width}")
    # Nothing scrolls sideways at phone width.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    console.assert_clean()


def test_pages_and_error_states_are_valid_html(browser_tools, client, awards, tmp_path):
    documents = {name: client.get(reverse(route)).content for name, route in PAGES.items()}
    documents["winners-category"] = client.get(
        reverse("awards:winners_category", kwargs={"year": 2025, "category": "category-1"})
    ).content
    bad = {"name": "", "email": "nope", "subject": "", "message": "", "website": ""}
    for name, route in (("contact", "portal:contact"), ("submit-post", "portal:submit_post")):
        response = client.post(reverse(route), bad)
        assert response.status_code == 400
        documents[f"{name}-errors"] = response.content
    response = client.post(reverse("awards:nominate"), bad)
    assert response.status_code == 400
    documents["nominate-errors"] = response.content
    assert_valid_html(documents, tmp_path)


@pytest.mark.parametrize("width", WIDTHS)
def test_contact_form_error_then_success(page, awards, width, console, screenshot):
    from portal.models import Submission

    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    page.goto(reverse("portal:contact"))
    page.get_by_label("Your name").fill("Ada <b>Reader</b>")
    page.get_by_label("Your email address").fill("not-an-email")
    page.get_by_label("Subject").fill("A question")
    page.get_by_label("Your message").fill("Hello <script>alert(1)</script>")
    page.get_by_role("button", name="Send message").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Your email address")
    expect(page.get_by_label("Your email address")).to_have_attribute("aria-invalid", "true")
    screenshot(page, f"awards-forms-contact-error-{width}")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Your email address")).to_be_focused()
    page.get_by_label("Your email address").fill("ada@example.com")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    screenshot(page, f"awards-forms-contact-thanks-{width}")
    assert Submission.objects.get().message == "Hello <script>alert(1)</script>"
    console.assert_clean()


def test_submit_post_refuses_a_fake_file_then_accepts_a_pdf(page, awards, console, tmp_path):
    from portal.models import Submission
    from tests.portal.awards.data import PDF

    fake = tmp_path / "draft.pdf"
    fake.write_bytes(b"MZ\x90\x00 an executable renamed")
    real = tmp_path / "real-draft.pdf"
    real.write_bytes(PDF)
    page.goto(reverse("portal:submit_post"))
    page.get_by_label("Your name").fill("Gus Writer")
    page.get_by_label("Your email address").fill("gus@example.com")
    page.get_by_label("Proposed headline").fill("Why banks should publish their code")
    page.get_by_label("Summary").fill("An argument for openness.")
    page.get_by_label("Draft").set_input_files(str(fake))
    page.get_by_role("button", name="Send pitch").click()
    expect(page.get_by_role("alert")).to_contain_text("Attach a PDF or a Word (.docx) document")
    page.get_by_label("Draft").set_input_files(str(real))
    page.get_by_role("button", name="Send pitch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your pitch")
    assert Submission.objects.get().attachment_name == "real-draft.pdf"
    console.assert_clean()


def test_nomination_error_then_success(page, awards, console):
    from portal.models import Submission

    page.goto(reverse("awards:nominate"))
    page.get_by_label("Nominee organisation").fill("Acme Bank")
    page.get_by_label("Your name").fill("Nora")
    page.get_by_label("Your email address").fill("nora@example.com")
    page.get_by_label("Why it deserves the award").fill("Great service.")
    page.get_by_role("button", name="Send nomination").click()
    expect(page.get_by_role("alert")).to_contain_text("Award category")
    page.get_by_label("Award category").select_option(label="Category 1")
    page.get_by_role("button", name="Send nomination").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your nomination")
    assert Submission.objects.get().award_category.name == "Category 1"
    console.assert_clean()
