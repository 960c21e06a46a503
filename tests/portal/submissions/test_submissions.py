"""Reader submissions: the forms, validation, honeypot, rate limit, emails over real SMTP,
private attachments and escaping of everything a reader types."""

import io
import re
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from portal.models import MenuItem, Page, Submission
from tests.html import parse, text
from tests.media import assert_private, stored_bytes
from tests.newsletter.smtp import smtp_server  # noqa: F401  (fixture)
from tests.portal.awards.data import PDF

pytestmark = [pytest.mark.django_db, pytest.mark.media]

XSS = '<script>alert("x")</script>'


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.SUBMISSIONS_NOTIFY_EMAILS = ["desk@example.com"]


def contact(**overrides):
    data = {"name": "Ada Reader", "email": "ada@example.com", "subject": "A question", "message": "Hello there."}
    return {**data, "website": "", **overrides}


def pitch(**overrides):
    data = {"name": "Gus Writer", "email": "gus@example.com", "subject": "Why banks should", "message": "A pitch."}
    return {**data, "website": "", **overrides}


def docx_bytes(with_document=True):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        if with_document:
            archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
        else:
            archive.writestr("notes.txt", "not a Word document")
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- The pages ------------------------------------------------------------


@pytest.mark.parametrize("name", ["portal:contact", "portal:submit_post"])
def test_form_pages_are_private_accessible_and_not_cached(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<label for="field-name">' in html and 'autocomplete="name"' in html
    assert 'autocomplete="email"' in html
    assert 'class="nl-hp"' in html  # the honeypot, hidden by CSS


def test_contact_page_shows_the_company_pages_text(client):
    Page.objects.create(slug="contact-us", title="Contact Us", summary="How to reach us.", body="<p>Desks</p>")
    html = client.get(reverse("portal:contact")).content.decode()
    assert "How to reach us." in html and "<p>Desks</p>" in html


def test_invalid_form_shows_linked_errors_on_the_same_page(client):
    response = client.post(reverse("portal:contact"), contact(email="not-an-email", message=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: Contact Us" in html
    assert 'href="#field-email"' in html and 'href="#field-message"' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="field-email-error"' in html
    assert 'value="Ada Reader"' in html  # what was typed is kept
    assert not Submission.objects.exists()


def test_contact_flow_stores_redirects_and_thanks(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:contact"), contact(), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:contact_thanks")
    submission = Submission.objects.get()
    assert (submission.kind, submission.status, submission.name) == ("contact", "new", "Ada Reader")
    assert submission.ip_hash and "203.0.113" not in submission.ip_hash
    assert submission.staff_notified and submission.sender_acknowledged
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and "We received your message" in thanks.content.decode()


def test_line_breaks_in_single_line_fields_are_collapsed(client):
    client.post(reverse("portal:contact"), contact(subject="Hi\r\nBcc: evil@example.com"))
    assert Submission.objects.get().subject == "Hi Bcc: evil@example.com"


@pytest.mark.parametrize("value", ["bad\x00byte", "escape \x1b[31m", "bell\x07", "del\x7f"])
def test_control_characters_are_a_clear_400_not_a_500(client, value):
    response = client.post(reverse("portal:contact"), contact(message=value))
    assert response.status_code == 400
    assert "We could not read that form" in text(parse(response))
    assert not Submission.objects.exists()


def test_line_breaks_and_tabs_in_a_message_are_fine(client):
    response = client.post(reverse("portal:contact"), contact(message="Hello,\r\n\r\n\tthe figures:\r\n1\t2"))
    assert response.status_code == 302
    assert Submission.objects.get().message.startswith("Hello,")


def test_honeypot_looks_like_success_and_stores_nothing(client):
    response = client.post(reverse("portal:contact"), contact(website="https://spam.example"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:contact_thanks")
    assert not Submission.objects.exists()
    assert not mail.outbox


def test_rate_limit_per_ip(client, settings):
    settings.SUBMISSIONS_PER_IP = 5
    for _ in range(5):
        assert client.post(reverse("portal:contact"), contact(), REMOTE_ADDR="198.51.100.7").status_code == 302
    response = client.post(reverse("portal:contact"), contact(), REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert "Please wait a little" in response.content.decode()
    assert Submission.objects.count() == 5
    # Another address is not affected.
    assert client.post(reverse("portal:contact"), contact(), REMOTE_ADDR="198.51.100.8").status_code == 302


# --- Attachments ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [("draft.pdf", PDF), ("draft.docx", docx_bytes())],
    ids=["pdf", "docx"],
)
def test_real_pdf_and_docx_are_accepted_and_kept_private(client, settings, name, content):
    response = client.post(reverse("portal:submit_post"), {**pitch(), "attachment": upload(name, content)})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.attachment_name == name
    assert_private(submission.attachment, "private")
    assert stored_bytes(submission.attachment) == content
    with pytest.raises(ValueError):
        submission.attachment.url  # noqa: B018  (no public address)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("invoice.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "neither"),
        ("truncated.pdf", PDF[: len(PDF) // 2], "incomplete"),
        ("fake.docx", docx_bytes(with_document=False), "neither"),
        ("text.docx", b"just some text pretending", "neither"),
    ],
    ids=["renamed-executable", "truncated-pdf", "zip-not-docx", "text-as-docx"],
)
def test_fake_attachments_are_refused_with_a_message(client, name, content, message):
    response = client.post(reverse("portal:submit_post"), {**pitch(), "attachment": upload(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Submission.objects.exists()


def test_oversized_attachment_is_refused(client, settings):
    settings.SUBMISSION_ATTACHMENT_MAX_MB = 1
    big = PDF[:-6] + b" " * (1024 * 1024) + b"%%EOF\n"
    response = client.post(reverse("portal:submit_post"), {**pitch(), "attachment": upload("big.pdf", big)})
    assert response.status_code == 400
    assert "the largest we accept is 1.0\xa0MB" in response.content.decode()
    assert not Submission.objects.exists()


@pytest.fixture
def with_attachment(client):
    client.post(reverse("portal:submit_post"), {**pitch(), "attachment": upload("my draft.pdf", PDF)})
    client.logout()
    return Submission.objects.get()


def test_attachment_download_is_staff_only(client, django_user_model, with_attachment, editor):
    url = reverse("admin:portal_submission_attachment", args=[with_attachment.pk])
    response = client.get(url)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    reader = django_user_model.objects.create_user("reader", "r@example.com", "pw")
    client.force_login(reader)
    response = client.get(url)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    staff = django_user_model.objects.create_user("intern", "i@example.com", "pw", is_staff=True)
    client.force_login(staff)
    assert client.get(url).status_code == 403
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


# --- Emails over real SMTP -------------------------------------------------


def test_staff_notice_and_acknowledgement_over_smtp(client, smtp_server, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:contact"), contact(subject=f"Help {XSS}", message=f"Body {XSS}"))
    assert response.status_code == 302
    assert smtp_server.mailbox.wait_for(2)
    submission = Submission.objects.get()
    [notice] = smtp_server.mailbox.to("desk@example.com")
    [ack] = smtp_server.mailbox.to("ada@example.com")
    text = notice.get_body(preferencelist=("plain",)).get_content()
    assert notice.get_content_type() == "text/plain"  # no HTML part a mail client could run
    assert "Contact message" in notice["Subject"]
    assert notice["Reply-To"] == "ada@example.com"
    assert f"/admin/portal/submission/{submission.pk}/change/" in text
    assert f"Body {XSS}" in text and "Ada Reader <ada@example.com>" in text
    ack_text = ack.get_body(preferencelist=("plain",)).get_content()
    assert ack.get_content_type() == "text/plain"
    assert "Dear Ada Reader" in ack_text and "we received your contact message" in ack_text
    submission.refresh_from_db()
    assert submission.staff_notified and submission.sender_acknowledged


def test_email_failure_keeps_the_submission_and_does_not_500(client, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:contact"), contact())
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert not submission.staff_notified and not submission.sender_acknowledged


def test_notify_addresses_fall_back_to_admins(settings):
    from portal.submissions.services import notify_addresses

    settings.SUBMISSIONS_NOTIFY_EMAILS = []
    settings.ADMINS, settings.MANAGERS = [("A", "a@example.com")], [("M", "m@example.com"), ("A", "a@example.com")]
    assert notify_addresses() == ["a@example.com", "m@example.com"]
    settings.ADMINS = settings.MANAGERS = []
    assert notify_addresses() == [settings.DEFAULT_FROM_EMAIL]


# --- Escaping -------------------------------------------------------------


def test_script_payloads_are_escaped_on_the_page_and_in_the_admin(client, editor_client):
    payload = {"name": f"N{XSS}", "email": "x@example.com", "subject": f"S{XSS}", "message": f"M{XSS}"}
    response = client.post(reverse("portal:contact"), {**payload, "email": f"bad{XSS}"})
    html = response.content.decode()
    assert response.status_code == 400
    assert XSS not in html and "&lt;script&gt;" in html
    client.post(reverse("portal:submit_post"), {**payload, "attachment": upload(f"{XSS}.pdf", PDF)})
    submission = Submission.objects.get()
    changelist = editor_client.get(reverse("admin:portal_submission_changelist")).content.decode()
    change = editor_client.get(reverse("admin:portal_submission_change", args=[submission.pk])).content.decode()
    for html in (changelist, change):
        assert XSS not in html
        assert "&lt;script&gt;" in html
    # The upload's name (Django keeps what follows the last "/": "script>.pdf") is escaped too.
    assert re.search(r"Download [^<]*&gt;\.pdf</a>", change)


def test_admin_sets_status_and_handler(editor_client, editor, client):
    client.post(reverse("portal:contact"), contact())
    submission = Submission.objects.get()
    url = reverse("admin:portal_submission_change", args=[submission.pk])
    response = editor_client.post(url, {"status": "in_progress", "handled_by": editor.pk, "staff_notes": "Mine."})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.status, submission.handled_by, submission.name) == ("in_progress", editor, "Ada Reader")
    assert editor_client.get(reverse("admin:portal_submission_add")).status_code == 403


# --- Menus ----------------------------------------------------------------


def test_seed_pages_points_the_menus_at_the_forms(client):
    call_command("seed_pages", stdout=io.StringIO())
    for label, route in (("Contact Us", "portal:contact"), ("Submit Post", "portal:submit_post")):
        items = MenuItem.objects.filter(label=label)
        assert items.count() == 2 and all(i.route == route and i.page is None for i in items)
    # An older install whose items still point at the pages is moved on the next run.
    page = Page.objects.get(slug="contact-us")
    MenuItem.objects.filter(label="Contact Us").update(route="", page=page)
    call_command("seed_pages", stdout=io.StringIO())
    assert set(MenuItem.objects.filter(label="Contact Us").values_list("route", flat=True)) == {"portal:contact"}
    html = client.get("/").content.decode()
    assert f'href="{reverse("portal:contact")}"' in html and f'href="{reverse("portal:submit_post")}"' in html


@pytest.mark.parametrize("name", ["portal:contact", "portal:submit_post"])
def test_the_forms_cost_a_fixed_number_of_queries(client, django_assert_num_queries, name):
    call_command("seed_pages", stdout=io.StringIO())  # the intro pages and menus exist
    client.get(reverse(name))  # warms the cached menus and footer
    with django_assert_num_queries(1):  # the intro page shown above the form
        assert client.get(reverse(name)).status_code == 200
