"""Where uploads live: local folders by default, S3-compatible buckets when configured.

Three storages (settings.STORAGES): "default" holds public media (images and
renditions, PDFs, videos, media kits), "private" readers' attachments and
"imports" the admin's import uploads; the last two never have a public URL.
`storage_from_url()` turns MEDIA_STORAGE_URL / PRIVATE_STORAGE_URL
(`s3://bucket?endpoint_url=…&region=…&custom_domain=…`) into a STORAGES entry
for django-storages. Code reads and writes uploads only through the storage
API (open, save, delete), never a local path, so several app machines share
one bucket; `local_copy()` is for the few readers that need a real file.
"""

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, Storage, storages

S3_BACKEND = "storages.backends.s3.S3Storage"

#: Query parameters of a storage URL and the S3Storage option each sets.
_OPTIONS = {
    "endpoint_url": "endpoint_url",
    "region": "region_name",
    "custom_domain": "custom_domain",
    "location": "location",
    "access_key": "access_key",
    "secret_key": "secret_key",
    "addressing_style": "addressing_style",
    "signature_version": "signature_version",
    "url_protocol": "url_protocol",
    "acl": "default_acl",
    "expire": "querystring_expire",
    "cache_control": "CacheControl",
    "max_memory_size": "max_memory_size",
}


def storage_from_url(url, *, public, location=""):
    """A STORAGES entry for an `s3://bucket?…` URL; None for an empty one.

    Public media get plain, stable URLs (the pages store them and CDNs cache
    them) and `public-read` objects unless `acl=` says otherwise (a bucket
    policy may grant reading instead: pass `acl=none`). Private ones get no
    ACL and only signed URLs that expire after `expire` seconds (300).
    Names are never overwritten: a second "photo.jpg" gets its own name, as
    on a local disk.
    """
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ImproperlyConfigured(
            f"A storage URL looks like s3://bucket?endpoint_url=https://…&region=…; got {url!r}."
        )
    given = dict(parse_qsl(parts.query))
    unknown = sorted(set(given) - set(_OPTIONS))
    if unknown:
        raise ImproperlyConfigured(f"Unknown storage URL option(s) {', '.join(unknown)} in {url!r}.")
    options = {
        "bucket_name": parts.netloc,
        "file_overwrite": False,
        "querystring_auth": not public,
        "querystring_expire": 300,
        "default_acl": "public-read" if public else None,
        "location": location,
        # A download bigger than this spills from memory to a temporary file
        # (django-storages' default, 0, would keep a 200 MB video in memory).
        "max_memory_size": 5 * 1024 * 1024,
    }
    cache_control = "public, max-age=86400" if public else "private, no-store"
    for key, value in given.items():
        name = _OPTIONS[key]
        if name == "CacheControl":
            cache_control = value
        elif name == "default_acl":
            options[name] = None if value in ("", "none") else value
        elif name in ("querystring_expire", "max_memory_size"):
            options[name] = int(value)
        elif name == "location" and location:
            options[name] = f"{value.strip('/')}/{location}"
        else:
            options[name] = value
    options["object_parameters"] = {"CacheControl": cache_control}
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def media_origin(storage_entry, media_url):
    """The scheme://host readers' browsers fetch media from ("" when it is this site)."""
    if storage_entry:
        options = storage_entry["OPTIONS"]
        if options.get("custom_domain"):
            return f"{options.get('url_protocol', 'https:')}//{options['custom_domain'].split('/')[0]}"
        if options.get("endpoint_url"):
            endpoint = urlsplit(options["endpoint_url"])
            return f"{endpoint.scheme}://{endpoint.netloc}"
        region = options.get("region_name")
        host = f"s3.{region}.amazonaws.com" if region else "s3.amazonaws.com"
        return f"https://{options['bucket_name']}.{host}"
    parts = urlsplit(media_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def is_local(storage):
    """True when `storage` keeps files in a folder of this machine."""
    return isinstance(getattr(storage, "target", storage), FileSystemStorage)


class FolderStorage(FileSystemStorage):
    """A private local folder named by a setting (read on each use, so tests can move it), with no URL."""

    def __init__(self, setting="PRIVATE_MEDIA_ROOT", **kwargs):
        self.setting = setting
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(getattr(settings, self.setting))

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise ValueError("Private files have no public URL; staff download them through the admin.")


class AliasedStorage(Storage):
    """A storage that forwards every call to `storages[alias]`, looked up each time.

    A model field keeps one storage object from import on; forwarding lets the
    configured backend (a folder, a bucket) change with the settings, and
    keeps the migrations free of any path or bucket name.
    """

    alias = "default"

    def __init__(self, alias=None):
        if alias:
            self.alias = alias

    @property
    def target(self):
        return storages[self.alias]

    def open(self, name, mode="rb"):
        return self.target.open(name, mode)

    def save(self, name, content, max_length=None):
        return self.target.save(name, content, max_length=max_length)

    def get_valid_name(self, name):
        return self.target.get_valid_name(name)

    def get_alternative_name(self, file_root, file_ext):
        return self.target.get_alternative_name(file_root, file_ext)

    def get_available_name(self, name, max_length=None):
        return self.target.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.target.generate_filename(filename)

    def path(self, name):
        return self.target.path(name)

    def delete(self, name):
        return self.target.delete(name)

    def exists(self, name):
        return self.target.exists(name)

    def listdir(self, path):
        return self.target.listdir(path)

    def size(self, name):
        return self.target.size(name)

    def url(self, name):
        raise ValueError("Private files have no public URL; staff download them through the admin.")

    def signed_url(self, name):
        """A short-lived link to a private file in a bucket (None on a local folder: stream it instead)."""
        target = self.target
        if is_local(target):
            return None
        return target.url(name)

    def get_accessed_time(self, name):
        return self.target.get_accessed_time(name)

    def get_created_time(self, name):
        return self.target.get_created_time(name)

    def get_modified_time(self, name):
        return self.target.get_modified_time(name)


@contextmanager
def local_copy(field_file, *, chunk_size=1024 * 1024):
    """A temporary file on this machine holding a stored file's bytes, removed afterwards.

    For readers that need a real path or two passes (a zip, a streaming XML
    parse twice); it is copied in chunks, so a large file never sits in memory.
    """
    suffix = PurePosixPath(field_file.name).suffix
    with tempfile.NamedTemporaryFile(prefix="newsportal-", suffix=suffix) as copy:
        with field_file.storage.open(field_file.name, "rb") as source:
            shutil.copyfileobj(source, copy, chunk_size)
        copy.flush()
        yield Path(copy.name)
