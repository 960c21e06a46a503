"""Content import: jobs started in the admin, legacy redirects, imported-object identity."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property

from portal.web.redirects import has_control_characters, is_allowed_target, validate_redirect_target
from portal.web.storage import AliasedStorage


def validate_old_path(value):
    """An old address is matched against request paths: it starts with "/" and holds no control character."""
    if not value.startswith("/") or has_control_characters(value):
        raise ValidationError("Enter the old address as a path starting with “/”, e.g. /2019/05/my-post/.")


class ImportStorage(AliasedStorage):
    """Uploaded import files: STORAGES["imports"] (IMPORT_ROOT, or the private bucket), never public media."""

    alias = "imports"

    def deconstruct(self):
        return ("articles.importing.models.ImportStorage", (), {})


import_storage = ImportStorage()


class ImportJob(models.Model):
    """One upload in the admin's import page and what became of it."""

    class Kind(models.TextChoices):
        NINJS = "ninjs", "IPTC ninjs (JSON or a zip of JSON files)"
        WORDPRESS = "wordpress", "WordPress export (WXR)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20, choices=Kind.choices, help_text="The format of the uploaded file.")
    file = models.FileField(upload_to="%Y/%m/", storage=import_storage, help_text="The uploaded file.")
    original_name = models.CharField(max_length=255, blank=True)
    options = models.JSONField(default=dict, blank=True, help_text="Section, status and other import choices.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    processed = models.PositiveIntegerField(default=0, help_text="Documents or posts handled so far.")
    total = models.PositiveIntegerField(default=0, help_text="How many there are, when the format tells in advance.")
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    failures = models.JSONField(default=list, blank=True, help_text="[source, reason] of each failed document.")
    notes = models.JSONField(default=list, blank=True, help_text="Warnings: skipped items, missing images, shortcodes.")
    error = models.TextField(blank=True, help_text="Why the whole import stopped, if it did.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("import_content", "Can import content (ninjs, WordPress)")]

    def __str__(self):
        return f"{self.get_kind_display()} import {self.original_name or self.pk}"

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)


class LegacyRedirect(models.Model):
    """An address from the old site (e.g. a WordPress permalink) and where it now lives.

    Served by `articles.middleware.legacy_redirects` only when a request would
    otherwise 404, so ordinary pages pay nothing for it.
    """

    old_path = models.CharField(
        max_length=500,
        unique=True,
        validators=[validate_old_path],
        help_text="The old address, a path starting with “/”, e.g. /2019/05/my-post/.",
    )
    article = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="legacy_redirects",
        help_text="The article the old address now leads to.",
    )
    target_path = models.CharField(
        max_length=500,
        blank=True,
        validators=[validate_redirect_target],
        help_text="Or a path on this site (/markets/), when the target is not an article. "
        "Addresses on other sites only for hosts in the REDIRECT_ALLOWED_HOSTS setting.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]

    def __str__(self):
        return f"{self.old_path} → {self.target_url}"

    def save(self, *args, **kwargs):
        # The admin, the importers and the shell all pass the same check, so
        # no way in can store an open redirect (`legacy_redirects` still
        # refuses rows written around the model, with update() or raw SQL).
        checked = {"old_path", "target_path"}
        self.clean_fields(exclude=[f.name for f in self._meta.fields if f.name not in checked])
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.target_url

    @property
    def target_is_allowed(self):
        return is_allowed_target(self.target_url)

    @cached_property
    def target_url(self):
        if self.article_id:
            return self.article.get_absolute_url()
        return self.target_path or "/"


class ImportRecord(models.Model):
    """Which local object an imported item became, so a re-run updates instead of duplicating.

    Articles carry their identity in `Article.source_uri`; images, company pages
    and sections from an import are remembered here.
    """

    source_uri = models.CharField(max_length=500, unique=True)
    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source_uri"]

    def __str__(self):
        return f"{self.kind} {self.object_id} ← {self.source_uri}"
