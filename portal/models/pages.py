"""The site shell's editable content: company pages and the menus."""

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from portal.web.fields import RichTextField
from portal.web.redirects import has_control_characters, is_site_path

#: The page whose summary is the "Editorial & Advertiser disclosure" paragraph
#: in the footer of every page.
DISCLOSURE_SLUG = "editorial-advertiser-disclosure"

#: The publisher's policy pages, by the schema.org property of NewsMediaOrganization
#: that links them (the Trust Project's indicators); `seed_pages` creates them and
#: editors keep them up to date. An unpublished or missing page is not linked.
POLICY_SLUGS = {
    "publishingPrinciples": "publishing-principles",
    "correctionsPolicy": "corrections-policy",
    "ethicsPolicy": "ethics-policy",
    "masthead": "masthead",
    "ownershipFundingInfo": "ownership-and-funding",
    "actionableFeedbackPolicy": "feedback-policy",
}


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """Editors also see unpublished pages (as previews)."""
        if user.is_authenticated and user.has_perm("portal.change_page"):
            return self
        return self.published()


class Page(models.Model):
    """A company page (About Us, Terms of Use, ...) at /pages/<slug>/.

    Not django.contrib.flatpages: that needs django.contrib.sites, stores its
    HTML unsanitized and has no rich text editor; this body is the same
    sanitized RichTextField, with the same editor, as an article's.
    """

    title = models.CharField(
        max_length=120, help_text="The page's heading (its only h1) and its name in the browser's title bar."
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The page's address: /pages/slug/. Changing it breaks existing links. "
        f"The footer's disclosure paragraph comes from the page with the slug “{DISCLOSURE_SLUG}”.",
    )
    summary = models.TextField(
        max_length=400,
        blank=True,
        help_text="One or two plain sentences: the search engines' description and the page's intro. "
        "On the disclosure page it is also the paragraph in every page's footer.",
    )
    body = RichTextField(blank=True, help_text="The page's text. Start headings at “Heading 2”.")
    is_published = models.BooleanField(
        default=True, help_text="Untick to take the page off the site; menus then hide links to it."
    )
    updated_at = models.DateTimeField(auto_now=True, help_text="Shown as “Last updated”.")

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = "company page"
        verbose_name_plural = "company pages"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("portal:page", kwargs={"slug": self.slug})

    @property
    def is_live(self):
        """Readers see it now: for pages and programmes, the "published" tick alone (see `published_q`)."""
        return self.is_published


def is_link_url(value):
    """An absolute http(s) URL, or a path on this site ("/awards/") by the redirects' rule.

    A menu may link to another site (it is a link the reader sees, not a
    redirect), but a "path" such as `/\\evil.example/`, which browsers read as
    `//evil.example/`, is neither.
    """
    if value.startswith("/"):
        return is_site_path(value)
    if has_control_characters(value) or "\\" in value:
        return False
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return False
    return True


def validate_link_url(value):
    """Model validator: see `is_link_url`."""
    if not is_link_url(value):
        raise ValidationError(
            "Enter a full web address (https://…) or a path on this site starting with one “/”, "
            "without spaces or backslashes."
        )


validate_route_name = RegexValidator(
    re.compile(r"^[a-z_][\w-]*(:[a-z_][\w-]*)*$", re.IGNORECASE),
    "Enter a route name such as “portal:sitemap” or “awards:winners”.",
)

TARGET_FIELDS = ("page", "section", "route", "url")


class MenuItem(models.Model):
    """A link in the main bar's dropdowns or the company menu (footer).

    Top-level items with children are dropdowns; children may not have
    children of their own. An item whose target does not exist (yet) is
    simply not shown, so a menu may name a page or route before it exists.
    """

    class Menu(models.TextChoices):
        MAIN = "main", "Main bar (after the sections)"
        COMPANY = "company", "Company menu (footer)"
        # Switched on by adding an item (and off by deleting it): e.g. "Slow connection? Read the
        # text-only edition" with the route "textedition:front", in an emergency or an outage.
        BANNER = "banner", "Site-wide banner (top of every page)"

    menu = models.CharField(
        max_length=20,
        choices=Menu.choices,
        default=Menu.MAIN,
        help_text="Where the item appears. A child is always in its parent's menu. An item in the site-wide "
        "banner shows at the top of every reader page until it is deleted (e.g. “Slow connection? Read the "
        "text-only edition” with the route “textedition:front”).",
    )
    label = models.CharField(max_length=80, help_text="The link's text, as readers see it.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        help_text="Leave empty for a top-level item; choose one to put this item in its dropdown.",
    )
    position = models.PositiveSmallIntegerField(default=100, help_text="Lower numbers come first.")
    # The target: exactly one of the four (a dropdown header may have none).
    # SET_NULL, not CASCADE: the item stays for the editor to repoint, and is
    # hidden meanwhile like any item whose target is missing.
    page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="menu_items",
        help_text="Target: a company page (hidden while the page is unpublished).",
    )
    section = models.ForeignKey(
        "articles.Category",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Target: a section of the site.",
    )
    route = models.CharField(
        max_length=100,
        blank=True,
        validators=[validate_route_name],
        help_text="Target: a page of the site by its route name, e.g. “portal:sitemap” or “awards:winners”. "
        "Hidden until that page exists.",
    )
    url = models.CharField(
        "URL",
        max_length=300,
        blank=True,
        validators=[validate_link_url],
        help_text="Target: a full web address (https://…) or a path on this site (/…).",
    )

    class Meta:
        ordering = ["menu", "position", "label"]
        constraints = [
            models.CheckConstraint(
                condition=~(
                    (Q(page__isnull=False) & Q(section__isnull=False))
                    | (Q(page__isnull=False) & ~Q(route=""))
                    | (Q(page__isnull=False) & ~Q(url=""))
                    | (Q(section__isnull=False) & ~Q(route=""))
                    | (Q(section__isnull=False) & ~Q(url=""))
                    | (~Q(route="") & ~Q(url=""))
                ),
                name="menuitem_at_most_one_target",
                violation_error_message="Choose only one target: a page, a section, a route or a URL.",
            ),
        ]

    def __str__(self):
        return f"{self.parent.label} › {self.label}" if self.parent_id else self.label

    def targets(self):
        """Names of the target fields that are filled in."""
        values = {"page": self.page_id, "section": self.section_id, "route": self.route, "url": self.url}
        return [name for name in TARGET_FIELDS if values[name]]

    def clean(self):
        errors = {}
        chosen = self.targets()
        if len(chosen) > 1:
            errors.update(dict.fromkeys(chosen, "Choose only one target: a page, a section, a route or a URL."))
        # The parent may be unsaved (a new dropdown with its items, in the
        # admin's inline), so look at the object rather than parent_id.
        parent = self.parent
        if parent is not None:
            if not chosen:
                errors[NON_FIELD_ERRORS] = "An item in a dropdown needs a target: a page, a section, a route or a URL."
            if self.pk and parent.pk == self.pk:
                errors["parent"] = "An item cannot be its own parent."
            elif parent.parent_id is not None or parent.parent is not None:
                errors["parent"] = "Menus nest one level deep: choose a top-level item as the parent."
            elif self.pk and self.children.exists():
                errors["parent"] = "This item has items of its own, so it must stay at the top level."
            self.menu = parent.menu
        if errors:
            raise ValidationError(errors)

    def resolved_url(self):
        """The target's address, or None while it does not exist (or there is none).

        Needs `page` and `section` loaded with select_related to cost no query.
        """
        if self.page_id:
            return self.page.get_absolute_url() if self.page.is_live else None
        if self.section_id:
            return self.section.get_absolute_url()
        if self.route:
            try:
                return reverse(self.route)
            except NoReverseMatch:
                return None
        # A link stored before the rule was tightened is not shown.
        return self.url if self.url and is_link_url(self.url) else None
