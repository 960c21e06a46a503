"""The wire's urgency and embargo, as fields of the article (set by the ninjs import)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

#: Urgency at or above this (1 is the most urgent) is flagged to the desk as a possible breaking story.
FLASH_URGENCY = 2


class WireFields(models.Model):
    """Fields of `Article` that only an agency sets: they travel with the story, editors do not change them."""

    urgency = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text="The agency's urgency, 1 (flash) to 9 (lowest); blank for the newsroom's own stories.",
    )
    embargoed_until = models.DateTimeField(
        "embargoed until",
        null=True,
        blank=True,
        editable=False,
        help_text="The agency's embargo: the story may not be published before this time, by anyone.",
    )

    class Meta:
        abstract = True

    @property
    def is_flash(self):
        return self.urgency is not None and self.urgency <= FLASH_URGENCY

    @property
    def is_embargoed(self):
        """The embargo has not lifted yet."""
        from django.utils import timezone

        return self.embargoed_until is not None and self.embargoed_until > timezone.now()


def embargo_constraint():
    """The database refuses a published row whose publish time is before its embargo, whoever writes it."""
    return models.CheckConstraint(
        condition=Q(embargoed_until__isnull=True) | ~Q(status="published") | Q(publish_at__gte=F("embargoed_until")),
        name="article_not_before_embargo",
        violation_error_message="The story is under embargo: it cannot be published before the embargo lifts.",
    )
