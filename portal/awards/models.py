"""The awards programme: a year's categories, timetable, winners, testimonials and media room."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from portal.submissions.validation import sniff_type, validate_media_kit_file
from portal.web.fields import RichTextField


class AwardsProgrammeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def current(self):
        """The newest published programme, or None."""
        return self.published().order_by("-year").first()


class AwardsProgramme(models.Model):
    """One year of the awards. The newest published one is "the current programme"."""

    class Window(models.TextChoices):
        BEFORE = "before", "Not open yet"
        OPEN = "open", "Open"
        AFTER = "after", "Closed"

    year = models.PositiveSmallIntegerField(
        unique=True, help_text="The awards year, e.g. 2026. One programme per year."
    )
    name = models.CharField(max_length=150, help_text="The programme's name, e.g. “Global Finance Review Awards 2026”.")
    intro = models.TextField(
        max_length=500, blank=True, help_text="One or two plain sentences shown at the top of every awards page."
    )
    about = RichTextField(
        blank=True,
        help_text="The “About the Awards” page: who it is for, how judging works. Headings from “Heading 2”.",
    )
    faq = RichTextField(
        "FAQ",
        blank=True,
        help_text="The awards FAQ page. Put each question in a “Heading 2” and its answer in the paragraphs below it.",
    )
    nominations_open_at = models.DateTimeField(
        help_text="When the nomination form opens (site time zone). Before it, the page says when it opens."
    )
    nominations_close_at = models.DateTimeField(
        help_text="When the nomination form closes. After it, the page says when it closed and when winners are named."
    )
    press_releases = models.ManyToManyField(
        "articles.Article",
        blank=True,
        related_name="+",
        help_text="Press releases about this programme, listed in its Media Room (only published ones are shown).",
    )
    is_published = models.BooleanField(
        default=True, help_text="Untick to hide the programme; the newest published programme is the current one."
    )

    objects = AwardsProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = "awards programme"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("awards:winners_year", kwargs={"year": self.year})

    @property
    def is_live(self):
        """Readers see it now: for pages and programmes, the "published" tick alone (see `published_q`)."""
        return self.is_published

    def clean(self):
        opens, closes = self.nominations_open_at, self.nominations_close_at
        if opens and closes and closes <= opens:
            raise ValidationError({"nominations_close_at": "Nominations must close after they open."})

    def window(self, now=None):
        """Where `now` falls relative to the nomination dates: before, open or after."""
        now = now or timezone.now()
        if now < self.nominations_open_at:
            return self.Window.BEFORE
        if now >= self.nominations_close_at:
            return self.Window.AFTER
        return self.Window.OPEN


class AwardCategory(models.Model):
    programme = models.ForeignKey(AwardsProgramme, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=150, help_text="e.g. “Best Digital Bank”.")
    slug = models.SlugField(max_length=150, help_text="Part of the winners page address for this category.")
    description = models.TextField(blank=True, help_text="Who may enter and what the judges look for (plain text).")
    order = models.PositiveSmallIntegerField(default=100, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["programme", "order", "name"]
        verbose_name_plural = "award categories"
        constraints = [models.UniqueConstraint(fields=["programme", "slug"], name="awardcategory_unique_slug")]

    def __str__(self):
        return f"{self.name} ({self.programme.year})" if self.programme_id else self.name

    def get_absolute_url(self):
        return reverse("awards:winners_category", kwargs={"year": self.programme.year, "category": self.slug})


class Milestone(models.Model):
    """A date on the awards timetable."""

    programme = models.ForeignKey(AwardsProgramme, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(help_text="The day of the milestone.")
    title = models.CharField(max_length=150, help_text="e.g. “Nominations close” or “Winners announced”.")
    description = models.TextField(blank=True, help_text="Optional detail (plain text).")
    announces_winners = models.BooleanField(
        default=False,
        help_text="Tick on the milestone when winners are announced; the closed nomination page names it.",
    )

    class Meta:
        ordering = ["programme", "date", "title"]

    def __str__(self):
        return f"{self.date:%d %b %Y}: {self.title}"


class Winner(models.Model):
    programme = models.ForeignKey(AwardsProgramme, on_delete=models.CASCADE, related_name="winners")
    category = models.ForeignKey(
        AwardCategory,
        on_delete=models.PROTECT,
        related_name="winners",
        help_text="A category of the same programme (save new categories first).",
    )
    organisation = models.CharField(max_length=200, help_text="The winning organisation's name.")
    logo = models.ForeignKey(
        "articles.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The organisation's logo; its alt text should name the organisation.",
    )
    citation = models.TextField(blank=True, help_text="Why it won, in two or three plain sentences.")
    link = models.URLField(blank=True, help_text="Optional: the organisation's website.")
    order = models.PositiveSmallIntegerField(default=100, help_text="Lower numbers come first within the category.")

    class Meta:
        ordering = ["programme", "category__order", "category__name", "order", "organisation"]
        indexes = [models.Index(fields=["programme", "category"])]

    def __str__(self):
        return self.organisation

    def clean(self):
        if self.category_id and self.programme_id and self.category.programme_id != self.programme_id:
            raise ValidationError({"category": "Choose a category of this winner's programme."})


class Testimonial(models.Model):
    programme = models.ForeignKey(AwardsProgramme, on_delete=models.CASCADE, related_name="testimonials")
    quote = models.TextField(help_text="What they said, without quotation marks (plain text).")
    person = models.CharField(max_length=150, help_text="Who said it.")
    role = models.CharField(max_length=150, blank=True, help_text="Their job title.")
    organisation = models.CharField(max_length=200, blank=True, help_text="Their organisation.")
    order = models.PositiveSmallIntegerField(default=100, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["programme", "order", "pk"]

    def __str__(self):
        return f"{self.person}: {self.quote[:50]}"


class MediaKitFile(models.Model):
    """A download in the media room (logos, fact sheet): PDF, ZIP, PNG or JPEG, checked by content."""

    programme = models.ForeignKey(AwardsProgramme, on_delete=models.CASCADE, related_name="media_kit")
    title = models.CharField(max_length=150, help_text="What the file is, e.g. “Awards logo pack”.")
    file = models.FileField(
        upload_to="awards/media-kit/",
        validators=[validate_media_kit_file],
        help_text="PDF, ZIP, PNG or JPEG (checked by content), at most AWARDS_MEDIA_KIT_MAX_MB megabytes.",
    )
    # Recorded on save, so the media room lists type and size without touching the disk.
    file_type = models.CharField(max_length=10, editable=False, blank=True)
    size = models.PositiveBigIntegerField(editable=False, default=0)
    order = models.PositiveSmallIntegerField(default=100, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["programme", "order", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and (not self.size or not getattr(self.file, "_committed", True)):
            self.size = self.file.size
            self.file_type = sniff_type(self.file) or ""
        super().save(*args, **kwargs)
