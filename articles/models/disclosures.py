"""Disclosures: the kinds of content readers must be told about (sponsored, wire copy...) and their audit trail."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


def validate_policy_link(value):
    if value and not value.startswith(("/", "https://", "http://")):
        raise ValidationError("Use a path on this site (/pages/...) or a full https:// address.")


class Disclosure(models.Model):
    """A kind of disclosure readers must see: sponsored, advertorial, wire copy..."""

    class WrittenBy(models.TextChoices):
        """Who a disclosure says wrote the piece: an article can say only one of these."""

        NOT_STATED = "", "Says nothing about who wrote it"
        COMMERCIAL = "commercial", "our commercial team"
        ADVERTISER = "advertiser", "the advertiser"
        ISSUER = "issuer", "the organisation that issued it"
        AGENCY = "agency", "a news agency"
        GUEST = "guest", "an outside author"

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
    written_by = models.CharField(
        "says it was written by",
        max_length=20,
        choices=WrittenBy.choices,
        blank=True,
        default=WrittenBy.NOT_STATED,
        help_text="Who this disclosure tells readers wrote the article. An article cannot carry two disclosures "
        "that name different authors (e.g. “Sponsored”, by our commercial team, and “Agency copy”, by a news agency).",
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


def disclosure_combination_errors(disclosures, *, section_default=None) -> list[str]:
    """Why these disclosures cannot be shown together on one article (empty when they can).

    The rule: at most one of them may say who wrote the article. `section_default`
    (one of `disclosures`, or None) is named as such so the editor knows where it comes from.
    """
    authored = {}
    for disclosure in disclosures:
        if disclosure.written_by:
            authored.setdefault(disclosure.written_by, disclosure)
    if len(authored) < 2:
        return []

    def named(disclosure):
        where = (
            " (the section's default)" if section_default is not None and disclosure.pk == section_default.pk else ""
        )
        return f"“{disclosure.name}”{where} says it was written by {disclosure.get_written_by_display()}"

    claims = " and ".join(named(d) for d in authored.values())
    advice = "Keep the one that is true"
    if section_default is not None and section_default in authored.values():
        advice += " (untick “Show the section's disclosure” to drop the section's)"
    return [f"These disclosures contradict each other: {claims}. {advice}."]


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
