"""Editorial trust: disclosure types, their history, corrections and updates."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


def validate_policy_link(value):
    if value and not value.startswith(("/", "https://", "http://")):
        raise ValidationError("Use a path on this site (/pages/...) or a full https:// address.")


class Disclosure(models.Model):
    """A kind of disclosure readers must see: sponsored, advertorial, wire copy..."""

    name = models.CharField(max_length=80, unique=True, help_text="Full name, e.g. “Sponsored content”.")
    slug = models.SlugField(max_length=80, unique=True)
    label = models.CharField(max_length=40, help_text="Short label shown on cards, e.g. “Sponsored”.")
    explanation = models.TextField(max_length=600, help_text="One or two sentences shown near the top of the article.")
    policy_url = models.CharField(
        "policy link",
        max_length=300,
        blank=True,
        validators=[validate_policy_link],
        help_text="Where readers find the full policy: a path on this site or an https:// address.",
    )
    is_commercial = models.BooleanField(
        "commercial",
        default=False,
        help_text="Paid or promotional content. Links in such articles get rel=“sponsored”, "
        "and removing it from a published article needs a reason.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are listed first.")

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.policy_url or "/"

    def as_label(self):
        """The plain data every surface renders (also what JSONList annotates)."""
        return {
            "id": self.pk,
            "name": self.name,
            "label": self.label,
            "explanation": self.explanation,
            "policy_url": self.policy_url,
            "is_commercial": self.is_commercial,
            "position": self.position,
        }


#: The fields of `Disclosure.as_label()`, for `JSONList` annotations.
DISCLOSURE_LABEL_FIELDS = ("id", "name", "label", "explanation", "policy_url", "is_commercial", "position")


class DisclosureChange(models.Model):
    """An audit row: a disclosure added to or removed from an article, by whom, when, why."""

    class Action(models.TextChoices):
        ADDED = "added", "Added"
        REMOVED = "removed", "Removed"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="disclosure_changes")
    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.disclosure} on {self.article}"


class Correction(models.Model):
    """A correction or clarification, shown at the end of the article with its date."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    published_at = models.DateTimeField(
        "date", default=timezone.now, help_text="When the correction was made; shown to readers."
    )
    text = models.TextField(
        max_length=2000, help_text="Say what was wrong and what is right, e.g. “An earlier version misstated…”."
    )

    class Meta:
        ordering = ["published_at", "pk"]
        indexes = [models.Index(fields=["-published_at"], name="correction_newest_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#corrections"


class ArticleUpdate(models.Model):
    """The history of substantive updates: every time “Last updated” moved."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="updates")
    updated_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return f"{self.article} updated {self.updated_at:%Y-%m-%d %H:%M}"
