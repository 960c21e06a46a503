"""Storage URLs, the settings they make, and reading a stored upload through the storage."""

import json
import zipfile
from io import BytesIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from articles.models import ImportJob
from portal.web.storage import media_origin, storage_from_url
from tests.portal.test_settings import PRODUCTION, manage

BUCKET_URL = "s3://newsroom-media?endpoint_url=https://s3.example.net&region=eu-west-1"


def test_a_public_bucket_gets_plain_urls_readable_objects_and_no_overwrites():
    entry = storage_from_url(BUCKET_URL + "&custom_domain=media.example.com", public=True)
    assert entry["BACKEND"] == "storages.backends.s3.S3Storage"
    options = entry["OPTIONS"]
    assert options["bucket_name"] == "newsroom-media"
    assert (options["endpoint_url"], options["region_name"]) == ("https://s3.example.net", "eu-west-1")
    assert options["querystring_auth"] is False, "pages store these URLs: they must not expire"
    assert options["default_acl"] == "public-read"
    assert options["file_overwrite"] is False, "a second photo.jpg must not replace the first"
    assert options["object_parameters"] == {"CacheControl": "public, max-age=86400"}
    assert media_origin(entry, "/media/") == "https://media.example.com"


def test_a_private_bucket_gets_only_short_lived_signed_urls():
    options = storage_from_url(BUCKET_URL + "&location=newsportal", public=False, location="private")["OPTIONS"]
    assert options["querystring_auth"] is True and options["querystring_expire"] == 300
    assert options["default_acl"] is None
    assert options["location"] == "newsportal/private"
    assert options["object_parameters"] == {"CacheControl": "private, no-store"}


def test_options_a_bucket_policy_or_a_cdn_needs():
    options = storage_from_url(BUCKET_URL + "&acl=none&cache_control=public,max-age=60&expire=60", public=True)[
        "OPTIONS"
    ]
    assert options["default_acl"] is None
    assert options["object_parameters"] == {"CacheControl": "public,max-age=60"}
    assert options["querystring_expire"] == 60


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://bucket.example.com/", "looks like s3://bucket"),
        ("s3://?endpoint_url=x", "looks like s3://bucket"),
        ("s3://bucket?endpoint=https://x", "Unknown storage URL option(s) endpoint"),
    ],
)
def test_a_wrong_storage_url_stops_with_a_message(url, message):
    with pytest.raises(ImproperlyConfigured, match=message.replace("(", r"\(").replace(")", r"\)")):
        storage_from_url(url, public=True)


def test_no_url_means_local_folders():
    assert storage_from_url("", public=True) is None
    assert media_origin(None, "/media/") == ""
    assert media_origin(None, "https://cdn.example.com/media/") == "https://cdn.example.com"


def test_media_origin_without_a_custom_domain():
    assert media_origin(storage_from_url(BUCKET_URL, public=True), "") == "https://s3.example.net"
    aws = storage_from_url("s3://newsroom-media?region=eu-west-1", public=True)
    assert media_origin(aws, "") == "https://newsroom-media.s3.eu-west-1.amazonaws.com"


def test_the_settings_put_media_and_private_files_in_their_buckets():
    show = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({'storages': s.STORAGES, 'serve': s.SERVE_MEDIA, 'media_url': s.MEDIA_URL, "
        "'img': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], "
        "'media': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['media-src']}))"
    )
    result = manage(
        "shell",
        "-c",
        show,
        **PRODUCTION,
        MEDIA_STORAGE_URL="s3://np-media?region=eu-west-1&custom_domain=media.example.com",
        PRIVATE_STORAGE_URL="s3://np-private?region=eu-west-1",
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    storages_ = shown["storages"]
    assert storages_["default"]["OPTIONS"]["bucket_name"] == "np-media"
    assert storages_["private"]["OPTIONS"]["bucket_name"] == "np-private"
    assert storages_["private"]["OPTIONS"]["location"] == "private"
    assert storages_["imports"]["OPTIONS"]["location"] == "imports"
    assert shown["serve"] is False, "Django does not serve /media/ when a bucket does"
    assert shown["media_url"] == "https://media.example.com/"
    # Readers' browsers may load pictures and videos from the media host, and nothing else new.
    assert "https://media.example.com" in shown["img"] and "https://media.example.com" in shown["media"]


def test_by_default_everything_stays_in_local_folders():
    show = "import json; from django.conf import settings as s; print(json.dumps(s.STORAGES))"
    result = manage("shell", "-c", show, MEDIA_STORAGE_URL="", PRIVATE_STORAGE_URL="")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert shown["private"] == {
        "BACKEND": "portal.web.storage.FolderStorage",
        "OPTIONS": {"setting": "PRIVATE_MEDIA_ROOT"},
    }
    assert shown["imports"] == {"BACKEND": "portal.web.storage.FolderStorage", "OPTIONS": {"setting": "IMPORT_ROOT"}}


@pytest.mark.media
@pytest.mark.django_db
def test_a_stored_upload_is_read_back_as_a_temporary_local_copy():
    from portal.web.storage import local_copy

    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("story.json", '{"uri": "x"}')
    job = ImportJob(kind=ImportJob.Kind.NINJS, original_name="wire.zip")
    job.file.save("wire.zip", ContentFile(buffer.getvalue()), save=False)
    with local_copy(job.file) as path:
        assert path.suffix == ".zip" and zipfile.ZipFile(path).namelist() == ["story.json"]
    assert not path.exists(), "the copy is removed afterwards"
    assert storages["imports"].exists(job.file.name), "the stored upload stays"
