"""Push subscriptions (a browser's opt-in), alerts (one send) and the per-subscription delivery ledger."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef


class PushSubscriptionQuerySet(models.QuerySet):
    def for_section(self, category_id):
        """Subscriptions that want an alert about a story in `category_id`: every section, or that one among theirs."""
        chosen = PushSubscription.sections.through.objects.filter(pushsubscription_id=OuterRef("pk"))
        return self.filter(~Exists(chosen) | Exists(chosen.filter(category_id=category_id)))


class PushSubscription(models.Model):
    """One browser that opted in to breaking-news alerts: its push service address and encryption keys.

    No account, no cookie: the browser holds the subscription and proves it
    by its endpoint (a secret URL the push service made for it). A
    subscription with no sections gets every alert.
    """

    endpoint = models.CharField(max_length=2000, unique=True, help_text="The push service's address for this browser.")
    p256dh = models.CharField("public key", max_length=100, help_text="The browser's P-256 key (base64url).")
    auth = models.CharField("auth secret", max_length=50, help_text="The browser's 16-byte secret (base64url).")
    sections = models.ManyToManyField(
        "articles.Category",
        blank=True,
        related_name="+",
        help_text="Only alerts about stories in these sections; none chosen means every alert.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PushSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "alert subscription"

    def __str__(self):
        host = self.endpoint.split("/")[2] if self.endpoint.count("/") >= 2 else self.endpoint
        return f"Subscription {self.pk} at {host}"

    def subscription_info(self):
        """What pywebpush takes: the endpoint and the browser's keys."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class Alert(models.Model):
    """One breaking-news notification sent to every subscription that wants its story's section."""

    class State(models.TextChoices):
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.PROTECT, related_name="alerts", verbose_name="story"
    )
    title = models.CharField(max_length=80, help_text="The notification's first line, e.g. the headline shortened.")
    body = models.CharField(max_length=200, blank=True, help_text="One sentence under the title.")
    url = models.CharField(max_length=500, help_text="Where a click on the notification leads (the story).")
    # The story's section when the alert was sent: who gets it is decided once, by this.
    category = models.ForeignKey("articles.Category", on_delete=models.PROTECT, related_name="+", editable=False)
    state = models.CharField(max_length=20, choices=State.choices, default=State.SENDING, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set once every delivery row exists; until then no worker may call the alert sent.
    prepared_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"], name="alert_state_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.url

    def payload(self):
        """What the service worker receives (encrypted): it shows title and body, and opens url on a click."""
        return {"id": self.pk, "title": self.title, "body": self.body, "url": self.url, "tag": f"alert-{self.pk}"}


class AlertDelivery(models.Model):
    """One subscription's copy of one alert: the ledger that makes sending resumable and never twice.

    Life of a row: queued -> sending (claimed by a worker, under a lease)
    -> sent | failed | removed (the push service said the subscription is
    gone); a transient error puts it back to queued with a later
    `next_attempt_at`. See articles/alerts/delivery.py.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        REMOVED = "removed", "Removed (subscription expired)"

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    # SET_NULL: an expired subscription is deleted, its row stays to count it as "removed".
    subscription = models.ForeignKey(PushSubscription, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    # Set right before the push request: a row left "sending" with this set may have reached the browser.
    attempt_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "alert deliveries"
        constraints = [models.UniqueConstraint(fields=["alert", "subscription"], name="alert_delivery_unique")]
        indexes = [
            models.Index(fields=["alert", "status", "next_attempt_at", "id"], name="alert_delivery_due_idx"),
            models.Index(fields=["alert", "status", "claimed_at"], name="alert_delivery_lease_idx"),
        ]

    def __str__(self):
        return f"{self.alert} → {self.subscription_id} ({self.get_status_display()})"
