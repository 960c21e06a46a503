"""The admin's import page, end to end with the immediate task backend."""

import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, ImportJob
from portal.models import Page
from tests.articles.importing.material import SAMPLES
from tests.media import assert_private, stored_bytes

pytestmark = pytest.mark.media

ADD = reverse("admin:articles_importjob_add")


def _post(client, capture, **data):
    with capture(execute=True):
        return client.post(ADD, data)


def test_an_editor_imports_a_ninjs_file(editor_client, headlines, django_capture_on_commit_callbacks, settings):
    page = editor_client.get(ADD)
    assert page.status_code == 200 and "Start import" in page.text
    upload = SimpleUploadedFile("story.json", (SAMPLES / "ninjs" / "story-2x.json").read_bytes())
    response = _post(editor_client, django_capture_on_commit_callbacks, kind="ninjs", file=upload, status="draft")
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:articles_importjob_change", args=[job.pk]
    )
    assert job.status == ImportJob.Status.DONE and job.created == 1 and job.processed == 1
    article = Article.objects.get(source_uri="urn:test:wire:story-2x")
    assert article.status == Article.Status.DRAFT and article.category == headlines
    # Stored outside public media: in IMPORT_ROOT, or the private bucket.
    assert_private(job.file, "imports")
    assert stored_bytes(job.file) == (SAMPLES / "ninjs" / "story-2x.json").read_bytes()
    summary = editor_client.get(response["Location"]).text
    assert "Done" in summary and 'http-equiv="refresh"' not in summary
    assert "story.json: remote image not fetched" in summary


def test_a_zip_with_a_broken_member(editor_client, headlines, django_capture_on_commit_callbacks, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("good.json", (SAMPLES / "ninjs" / "story-3x.json").read_text())
        archive.writestr("bad.json", "{")
    upload = SimpleUploadedFile("wire.zip", buffer.getvalue())
    _post(editor_client, django_capture_on_commit_callbacks, kind="ninjs", file=upload, status="published")
    job = ImportJob.objects.get()
    assert (job.created, job.failed) == (1, 1)
    assert job.failures == [
        ["wire.zip:bad.json", "invalid JSON at line 1, column 2: Expecting property name enclosed in double quotes"]
    ]
    page = editor_client.get(reverse("admin:articles_importjob_change", args=[job.pk])).text
    assert "wire.zip:bad.json" in page and "Failures" in page


def test_an_editor_imports_a_wordpress_export(editor_client, headlines, django_capture_on_commit_callbacks, client):
    upload = SimpleUploadedFile("site.xml", (SAMPLES / "site.wxr.xml").read_bytes())
    _post(
        editor_client,
        django_capture_on_commit_callbacks,
        kind="wordpress",
        file=upload,
        status="published",
        permalinks="/%category%/%postname%/",
    )
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE and (job.created, job.skipped) == (4, 1)
    assert ["export", "2 comments skipped"] in job.notes
    assert Page.objects.filter(slug="about-harbour-times").exists()
    # No uploads folder in the admin: the featured image is reported, never read from the server's disk.
    assert Article.objects.get(slug="zurich-bank-sao-paulo").hero_image is None
    assert any("image not available" in message for _source, message in job.notes)
    assert client.get("/markets/shipping/zurich-bank-sao-paulo/").status_code == 301


def test_a_hostile_export_fails_the_job_with_a_reason(editor_client, headlines, django_capture_on_commit_callbacks):
    xml = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel>&a;</channel></rss>'
    upload = SimpleUploadedFile("x.xml", xml)
    _post(editor_client, django_capture_on_commit_callbacks, kind="wordpress", file=upload, status="published")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED and "refused" in job.error
    page = editor_client.get(reverse("admin:articles_importjob_change", args=[job.pk])).text
    assert "Nothing from the file was imported." in page
    assert not Article.objects.exists()


def test_a_running_job_page_refreshes_itself(editor_client, editor):
    job = ImportJob.objects.create(
        kind="ninjs", status=ImportJob.Status.RUNNING, processed=12, total=40, created_by=editor
    )
    page = editor_client.get(reverse("admin:articles_importjob_change", args=[job.pk])).text
    assert '<meta http-equiv="refresh" content="3">' in page and "12 of 40 items handled" in page
    assert '<progress id="import-progress" max="40" value="12">' in page


@pytest.mark.parametrize(
    ("kind", "name", "message"),
    [
        ("ninjs", "story.xml", "needs a .json or .zip file"),
        ("wordpress", "export.json", "needs a .xml file"),
    ],
)
def test_wrong_files_are_refused_with_a_message(editor_client, headlines, kind, name, message):
    response = editor_client.post(ADD, {"kind": kind, "file": SimpleUploadedFile(name, b"{}"), "status": "draft"})
    assert response.status_code == 400 and message in response.text
    assert not ImportJob.objects.exists()


def test_the_size_limit(editor_client, headlines, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 0
    response = editor_client.post(
        ADD, {"kind": "ninjs", "file": SimpleUploadedFile("a.json", b"{}"), "status": "draft"}
    )
    assert response.status_code == 400 and "larger than 0 MB" in response.text


def test_a_missing_default_section_asks_for_one(editor_client):
    response = editor_client.post(
        ADD, {"kind": "ninjs", "file": SimpleUploadedFile("a.json", b"{}"), "status": "draft"}
    )
    assert response.status_code == 400 and "the default section does not exist" in response.text


def test_only_editors_with_the_import_permission(client, django_user_model, headlines):
    user = django_user_model.objects.create_user("staff", "s@example.com", "pw", is_staff=True)
    client.force_login(user)
    assert client.get(ADD).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="import_content"))
    assert client.get(ADD).status_code == 200
    assert client.get(reverse("admin:articles_importjob_changelist")).status_code == 200


@pytest.mark.parametrize("object_id", ["abc", "images/2026/12/picture.jpg", "MQ:1tAbCd:xYz", "9" * 30, "999"])
def test_a_job_address_that_is_no_job_is_a_404(editor_client, object_id):
    """A non-numeric id was a ValueError (500) in the job page's own lookup (found by the fuzz suite)."""
    response = editor_client.get(f"/admin/articles/importjob/{object_id}/change/")
    assert response.status_code == 404
