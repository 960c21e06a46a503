"""The media tests' two homes for uploads: local folders, or buckets on a real S3 endpoint.

Tests marked `media` run twice, `[local]` and `[s3]`; the S3 run talks HTTP
to moto's standalone server, started once per session on 127.0.0.1
(`tests/conftest.py`). Helpers here let one assertion hold for both.
"""

import itertools
import os
import urllib.error
import urllib.request

import pytest
from django.core.files.storage import storages

from portal.web.storage import is_local, storage_from_url

ACCESS_KEY = SECRET_KEY = "testing"
REGION = "us-east-1"
_numbers = itertools.count(1)


def start_s3_server():
    """Start moto's S3 server on a free local port; returns (server, endpoint URL)."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        message = "moto[server] is not installed (pip install -r requirements-dev.txt); the S3 media tests need it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


def s3_client(endpoint):
    import boto3

    return boto3.client(
        "s3", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY
    )


def bucket_storages(endpoint):
    """STORAGES for a fresh public and private bucket pair, built from storage URLs as production does."""
    number = next(_numbers)
    public, private = f"np-media-{number}", f"np-private-{number}"
    client = s3_client(endpoint)
    client.create_bucket(Bucket=public)
    client.create_bucket(Bucket=private)
    query = f"endpoint_url={endpoint}&region={REGION}&access_key={ACCESS_KEY}&secret_key={SECRET_KEY}"
    return {
        "default": storage_from_url(f"s3://{public}?{query}", public=True),
        "private": storage_from_url(f"s3://{private}?{query}", public=False, location="private"),
        "imports": storage_from_url(f"s3://{private}?{query}", public=False, location="imports"),
    }


def fetch(url):
    """(status, body, content type) of a GET from outside the site: what a reader's browser gets."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type", "")


def stored_bytes(field_file):
    """The bytes a storage holds for a file field, read through the storage API."""
    with field_file.storage.open(field_file.name, "rb") as handle:
        return handle.read()


def media_bytes(client, url):
    """The bytes behind a public media URL: from the site (local folders) or from the bucket (S3)."""
    if url.startswith("/"):
        response = client.get(url)
        assert response.status_code == 200, url
        return b"".join(response.streaming_content) if response.streaming else response.content
    status, body, _type = fetch(url)
    assert status == 200, (url, status)
    return body


def assert_private(field_file, alias):
    """Kept in the private storage `alias`, not public media, and not readable without a signature."""
    assert field_file.name and not storages["default"].exists(field_file.name)
    target = storages[alias]
    assert target.exists(field_file.name)
    if is_local(target):
        assert not field_file.name.startswith("/")
        return
    bare = target.url(field_file.name).split("?", 1)[0]
    status, _body, _type = fetch(bare)
    assert status == 403, "an unsigned request for a private object is refused"
    status, body, _type = fetch(target.url(field_file.name))
    assert status == 200 and body == stored_bytes(field_file), "a signed, short-lived link works"


def media_url(name=""):
    """The public address media named `name` get: /media/… on local folders, the bucket's on S3."""
    from django.core.files.storage import default_storage

    return default_storage.url(name)


def absolute_media_url(name=""):
    """`media_url()` as structured data and feeds state it: absolute, on the test server or the bucket."""
    url = media_url(name)
    return f"http://testserver{url}" if url.startswith("/") else url
