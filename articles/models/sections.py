"""Sections of the site (Business, Finance, ...)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from articles.trustlabels.vocabulary import WorkType

#: Slugs that sections may not take: sections live at the site root
#: (/business/), so these paths belong to other pages.
RESERVED_SLUGS = frozenset(
    {
        "admin", "api", "articles", "authors", "corrections", "feeds", "latest",
        "magazines", "media", "newsletter", "pages", "preview", "robots.txt",
        "search", "sitemap", "sitemap.xml", "static", "tags", "trending", "awards",
        "contact", "submit-post", "research-reports", "press-releases", "anymail",
        "metrics", "text", "alerts", "sw.js",
        "healthz", "readyz",
    }
)  # fmt: skip


def validate_section_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            "“%(slug)s” is used by another part of the site; choose another slug.",
            params={"slug": value},
        )


class CategoryQuerySet(models.QuerySet):
    def in_navigation(self):
        return self.filter(show_in_navigation=True).order_by("navigation_order", "name")


class SectionColour(models.TextChoices):
    """The few colours a section may carry; each keeps WCAG AA contrast in light and dark mode (static/css/site.css)."""

    BLUE = "blue", "Blue"
    TEAL = "teal", "Teal"
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"
    PURPLE = "purple", "Purple"
    SLATE = "slate", "Slate"


class Category(models.Model):
    """A section of the site; every article has one primary section."""

    name = models.CharField(max_length=80, unique=True, help_text="Shown in the menu and on cards.")
    slug = models.SlugField(
        max_length=80,
        unique=True,
        validators=[validate_section_slug],
        help_text="The section's address: /slug/. Changing it breaks existing links.",
    )
    description = models.TextField(blank=True, help_text="One or two sentences shown at the top of the section page.")
    navigation_order = models.PositiveSmallIntegerField(
        default=100, db_index=True, help_text="Lower numbers come first in the menu."
    )
    show_in_navigation = models.BooleanField(default=True, help_text="Untick to keep the section out of the main menu.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Optional: the section this one belongs to.",
    )

    collects_videos = models.BooleanField(
        "lists every video story",
        default=False,
        help_text="Tick for the Videos section: its page then lists every published story that carries a video, "
        "whatever its section, besides the stories filed in it.",
    )

    default_disclosure = models.ForeignKey(
        "articles.Disclosure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown on every article of this section unless the article opts out "
        "(e.g. “Agency copy” for a wire section).",
    )

    default_work_type = models.CharField(
        "default type of work",
        max_length=20,
        choices=WorkType.choices,
        default=WorkType.NEWS,
        help_text="The type of work of this section's articles unless an article chooses its own "
        "(e.g. “Opinion” for a comment section).",
    )

    colour = models.CharField(
        max_length=10,
        blank=True,
        choices=SectionColour.choices,
        help_text="Colours the section's name on cards and the rule over its page and home-page block. "
        "Leave blank for the house colour; a few desks with a colour of their own read best, not every section.",
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["navigation_order", "name"]
        verbose_name = "section"
        verbose_name_plural = "sections"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "A section cannot be its own parent."})
