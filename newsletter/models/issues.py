"""Issues (campaigns), the articles in them, and the delivery ledger."""

from django.db import models
from django.urls import reverse


class Issue(models.Model):
    """One newsletter email for one list: subject, intro and articles."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    newsletter_list = models.ForeignKey(
        "newsletter.NewsletterList",
        on_delete=models.PROTECT,
        related_name="issues",
        verbose_name="list",
        help_text="Everyone active on this list gets the issue.",
    )
    subject = models.CharField(max_length=150, help_text="The email's subject line; under 60 characters reads best.")
    preheader = models.CharField(
        max_length=150,
        blank=True,
        help_text="The grey preview text mail apps show after the subject. One short sentence.",
    )
    intro = models.TextField(
        max_length=2000, blank=True, help_text="A few plain sentences above the articles. Blank lines make paragraphs."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False)
    scheduled_at = models.DateTimeField(
        "scheduled for", null=True, blank=True, editable=False, help_text="When a scheduled issue goes out."
    )
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set once every delivery row exists; until then a worker may not call the issue finished.
    prepared_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Counted once when the send finishes, so the click figures never count delivery rows again.
    delivered = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Delivery rows by status, counted once (one GROUP BY) when the send finishes: the admin page of a
    # sent issue reads these instead of counting a million rows on every view.
    delivery_counts = models.JSONField(null=True, blank=True, editable=False)
    # Moved by the senders after every batch; a stale one tells the periodic check to take over.
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "scheduled_at"], name="nl_issue_status_idx"),
            models.Index(fields=["newsletter_list", "status", "-started_at"], name="nl_issue_list_idx"),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        """The public "view in browser" page (it answers once the issue went out)."""
        return reverse("newsletter:issue", kwargs={"pk": self.pk})

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)

    @property
    def is_public(self):
        return self.status in (self.Status.SENDING, self.Status.SENT)


class IssueArticle(models.Model):
    """An article in an issue, at the position the editor chose."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Type to search by headline. Only published articles go out.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "article in this issue"
        verbose_name_plural = "articles in this issue"
        constraints = [models.UniqueConstraint(fields=["issue", "article"], name="nl_issue_article_unique")]

    def __str__(self):
        return f"{self.position}. {self.article}"


class Delivery(models.Model):
    """One recipient of one issue: the ledger that makes sending resumable.

    Life of a row: queued -> sending (claimed by a worker, under a lease)
    -> sent | failed | suppressed; a transient error puts it back to queued
    with a later `next_attempt_at`. See newsletter/services/delivery.py.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SUPPRESSED = "suppressed", "Suppressed"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey("newsletter.Subscriber", on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    # Stored before the first attempt and reused by every retry, so a message
    # re-sent after a crash carries the same Message-ID as the first copy.
    message_id = models.CharField(max_length=255)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="Start of the current worker's lease.")
    claimed_by = models.CharField(max_length=64, blank=True)
    # Set right before the SMTP transaction: a row left "sending" with this
    # set may have reached the recipient; without it, it certainly did not.
    attempt_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "deliveries"
        constraints = [models.UniqueConstraint(fields=["issue", "subscriber"], name="nl_delivery_unique")]
        indexes = [
            # The workers' claim query reads due queued rows in this order (a range
            # scan, no sort); plain rather than partial indexes, because SQLite
            # cannot match a partial index against a bound parameter.
            models.Index(fields=["issue", "status", "next_attempt_at", "id"], name="nl_delivery_due_idx"),
            # In-flight rows whose lease ran out (crash recovery).
            models.Index(fields=["issue", "status", "claimed_at"], name="nl_delivery_lease_idx"),
        ]

    def __str__(self):
        return f"{self.issue} → {self.subscriber} ({self.get_status_display()})"
