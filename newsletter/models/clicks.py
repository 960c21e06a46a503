"""Click figures of sent issues: the links in each issue and counts per day, never per person by default.

What is stored (README, "Newsletter click figures"): the URLs of an issue
(`IssueLink`), clicks per link per day (`LinkClickDay`), opens and
unsubscribes per issue per day (`IssueDay`), and the registers of a
HyperLogLog sketch per issue per day (`ClickerRegister`), from which unique
clickers are estimated without keeping who they are. Only a subscriber who
opted in has rows of their own (`SubscriberClick`).
"""

from django.db import models


class IssueLink(models.Model):
    """One link of a sent issue: the only places its redirect tokens can lead to."""

    class Role(models.TextChoices):
        HEADLINE = "headline", "Headline"
        IMAGE = "image", "Image"
        READ_MORE = "read-more", "Read more"
        WEB_VERSION = "web-version", "View in your browser"
        SITE = "site", "Site name"

    issue = models.ForeignKey("newsletter.Issue", on_delete=models.CASCADE, related_name="links")
    article = models.ForeignKey("articles.Article", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices)
    url = models.URLField(max_length=2000)
    position = models.PositiveSmallIntegerField(default=0, help_text="Where the link sits in the email, top first.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issue", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["issue", "role", "url"], name="nl_issuelink_unique")]

    def __str__(self):
        return f"{self.get_role_display()}: {self.url}"


class LinkClickDay(models.Model):
    """Clicks on one link on one day (UTC); incremented in the database, never read-modify-write."""

    issue = models.ForeignKey("newsletter.Issue", on_delete=models.CASCADE, related_name="+")
    link = models.ForeignKey(IssueLink, on_delete=models.CASCADE, related_name="days")
    day = models.DateField()
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day", "link"]
        constraints = [models.UniqueConstraint(fields=["link", "day"], name="nl_linkclickday_unique")]
        indexes = [models.Index(fields=["issue", "day"], name="nl_linkclickday_issue_idx")]

    def __str__(self):
        return f"{self.link} on {self.day}: {self.clicks}"


class IssueDay(models.Model):
    """Per issue and day: opens (only with NEWSLETTER_TRACK_OPENS) and unsubscribes from its link."""

    issue = models.ForeignKey("newsletter.Issue", on_delete=models.CASCADE, related_name="days")
    day = models.DateField()
    opens = models.PositiveIntegerField(default=0)
    unsubscribes = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["issue", "day"]
        constraints = [models.UniqueConstraint(fields=["issue", "day"], name="nl_issueday_unique")]

    def __str__(self):
        return f"{self.issue} on {self.day}"


class ClickerRegister(models.Model):
    """One register of an issue's HyperLogLog sketch for one day: the highest rank seen in a bucket.

    A register keeps a small number (how many leading zero bits the most
    unusual pseudonym of the bucket had), not the pseudonym: the sketch
    counts distinct clickers and cannot say who they were.
    """

    issue = models.ForeignKey("newsletter.Issue", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    bucket = models.PositiveSmallIntegerField()
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["issue", "day", "bucket"]
        constraints = [models.UniqueConstraint(fields=["issue", "day", "bucket"], name="nl_clickerregister_unique")]

    def __str__(self):
        return f"{self.issue} {self.day} [{self.bucket}] = {self.rank}"


class SubscriberClick(models.Model):
    """A click of a subscriber who asked us to keep their history (Subscription.share_clicks)."""

    subscriber = models.ForeignKey("newsletter.Subscriber", on_delete=models.CASCADE, related_name="clicks")
    issue = models.ForeignKey("newsletter.Issue", on_delete=models.CASCADE, related_name="+")
    link = models.ForeignKey(IssueLink, on_delete=models.CASCADE, related_name="+")
    clicked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-clicked_at", "-pk"]
        indexes = [models.Index(fields=["subscriber", "-clicked_at"], name="nl_subscriberclick_idx")]

    def __str__(self):
        return f"{self.subscriber} clicked {self.link} ({self.clicked_at:%Y-%m-%d %H:%M})"
