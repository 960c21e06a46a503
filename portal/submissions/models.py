"""What readers send through the site's forms: contact messages, guest-post pitches, nominations."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from portal.web.storage import AliasedStorage


class PrivateStorage(AliasedStorage):
    """Readers' attachments: STORAGES["private"] (PRIVATE_MEDIA_ROOT, or the private bucket), with no public URL.

    Staff download them through the admin, which streams them from the storage.
    """

    alias = "private"


def private_storage():
    """The storage of submission attachments (a callable, so migrations do not freeze a path)."""
    return PRIVATE_STORAGE


PRIVATE_STORAGE = PrivateStorage()


class Submission(models.Model):
    """One form a reader sent. Everything in it is reader input: show it escaped, never as HTML."""

    class Kind(models.TextChoices):
        CONTACT = "contact", "Contact message"
        GUEST_POST = "guest_post", "Guest post pitch"
        NOMINATION = "nomination", "Award nomination"

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    kind = models.CharField(max_length=20, choices=Kind.choices, editable=False)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NEW, help_text="Where the handling stands."
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"is_staff": True},
        help_text="The editor who deals with it.",
    )
    staff_notes = models.TextField(blank=True, help_text="Internal notes; readers never see them.")
    name = models.CharField(max_length=150)
    email = models.EmailField()
    subject = models.CharField(max_length=200, help_text="The subject, proposed headline or nominee.")
    message = models.TextField(help_text="The message, the pitch's summary or the nomination's reason.")
    # Kind-specific typed fields (empty for the other kinds).
    award_category = models.ForeignKey(
        "portal.AwardCategory", null=True, blank=True, on_delete=models.SET_NULL, related_name="nominations"
    )
    attachment = models.FileField(upload_to="submissions/%Y/%m/", storage=private_storage, blank=True)
    attachment_name = models.CharField(
        max_length=255, blank=True, help_text="The file's name on the sender's computer."
    )
    # A keyed hash of the address: enough to spot one source sending many, not the reader's IP.
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    staff_notified = models.BooleanField(default=False, help_text="The staff notice email went out.")
    sender_acknowledged = models.BooleanField(default=False, help_text="The sender's acknowledgement email went out.")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"]), models.Index(fields=["kind", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"

    def get_admin_url(self):
        return reverse("admin:portal_submission_change", args=[self.pk])
