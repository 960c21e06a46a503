"""Subscribers, their lists, the consent trail and the suppression list."""

import uuid

from django.db import models
from django.urls import reverse


def normalize_email(value):
    """One spelling per mailbox: trimmed, lower-cased.

    Lower-casing the local part is not RFC-correct, but no mainstream mailbox
    provider treats case as significant, and one row per address is what
    makes "no duplicates" and the suppression list work.
    """
    return (value or "").strip().lower()


class SubscriberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Subscriber.Status.ACTIVE)

    def not_suppressed(self):
        return self.exclude(models.Exists(Suppression.objects.filter(email=models.OuterRef("email"))))


class Subscriber(models.Model):
    """One email address and where it stands: pending, active or unsubscribed."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending confirmation"
        ACTIVE = "active", "Active"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    email = models.EmailField(max_length=254, unique=True, help_text="Stored lower-case, one row per address.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    # The secret in every personal link (preferences, unsubscribe). Signed on
    # top, so a leaked database alone does not let anyone forge links.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lists = models.ManyToManyField(
        "newsletter.NewsletterList", through="newsletter.Subscription", related_name="subscribers", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True, help_text="When the address last confirmed.")
    unsubscribed_at = models.DateTimeField(null=True, blank=True, help_text="When the subscriber last left.")
    confirmation_sent_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Throttles confirmation mails to one per interval."
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="nl_subscriber_status_idx"),
            models.Index(fields=["confirmed_at"], name="nl_subscriber_confirmed_idx"),
            models.Index(fields=["unsubscribed_at"], name="nl_subscriber_left_idx"),
        ]

    def __str__(self):
        return self.email

    def get_absolute_url(self):
        from newsletter.tokens import manage_token

        return reverse("newsletter:preferences", kwargs={"token": manage_token(self)})

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE


class Subscription(models.Model):
    """A subscriber on one list (only confirmed lists get a row)."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    newsletter_list = models.ForeignKey(
        "newsletter.NewsletterList", on_delete=models.CASCADE, related_name="subscriptions", verbose_name="list"
    )
    share_clicks = models.BooleanField(
        "keep my click history",
        default=False,
        help_text="Off unless the subscriber asks: with it on, the links they click in this list's issues are "
        "recorded with their address. Without it, clicks are only counted.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["newsletter_list__position", "newsletter_list__name"]
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "newsletter_list"], name="nl_subscription_unique"),
        ]
        # The send queue walks a list's subscribers in id order.
        indexes = [models.Index(fields=["newsletter_list", "subscriber"], name="nl_subscription_list_idx")]

    def __str__(self):
        return f"{self.subscriber} on {self.newsletter_list}"


class ConsentRecord(models.Model):
    """Proof of consent: who asked or agreed to what, when, where, with which wording.

    Records are never edited; a change of mind is a new record.
    """

    class Action(models.TextChoices):
        REQUESTED = "requested", "Signup requested (confirmation sent)"
        CONFIRMED = "confirmed", "Confirmed (double opt-in)"
        IMPORTED = "imported", "Imported as already consented"
        PREFERENCES = "preferences", "Changed lists"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    class Source(models.TextChoices):
        BAND = "band", "Signup box (every page)"
        ARTICLE = "article", "Article call to action"
        FOOTER = "footer", "Footer"
        PAGE = "page", "Newsletter page"
        PREFERENCES = "preferences", "Preferences page"
        UNSUBSCRIBE_PAGE = "unsubscribe-page", "Unsubscribe page"
        ONE_CLICK = "one-click", "One-click unsubscribe (mailbox button)"
        MAILTO = "mailto", "Unsubscribe email"
        IMPORT = "import", "CSV import"
        ADMIN = "admin", "Admin"
        ESP = "esp", "Email provider"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    action = models.CharField(max_length=20, choices=Action.choices)
    source = models.CharField("form location", max_length=20, choices=Source.choices)
    lists = models.ManyToManyField("newsletter.NewsletterList", blank=True, related_name="+")
    # A snapshot, so the record still reads right after a list is renamed or removed.
    list_names = models.CharField(max_length=500, blank=True)
    wording_version = models.CharField(
        max_length=40, blank=True, help_text="NEWSLETTER_CONSENT_VERSION when the reader agreed."
    )
    ip_network = models.CharField(
        "IP network", max_length=50, blank=True, help_text="The address truncated to /24 (IPv4) or /48 (IPv6)."
    )
    note = models.TextField(blank=True, help_text="Why and from where an import was made.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["action", "created_at"], name="nl_consent_action_idx")]

    def __str__(self):
        return f"{self.get_action_display()}: {self.subscriber} ({self.created_at:%Y-%m-%d %H:%M})"


class Suppression(models.Model):
    """An address that must never get mail again (until an editor removes the row)."""

    class Reason(models.TextChoices):
        HARD_BOUNCE = "hard-bounce", "Hard bounce"
        COMPLAINT = "complaint", "Spam complaint"
        MANUAL = "manual", "Removed by an editor"
        IMPORTED = "imported", "Imported"

    email = models.EmailField(max_length=254, unique=True, help_text="Stored lower-case.")
    reason = models.CharField(
        max_length=20, choices=Reason.choices, default=Reason.MANUAL, help_text="Why this address gets no mail."
    )
    note = models.CharField(max_length=300, blank=True, help_text="Where it came from, e.g. the provider's message.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.email} ({self.get_reason_display()})"

    def get_absolute_url(self):
        return reverse("admin:newsletter_suppression_change", args=[self.pk])
