"""The video of a video story: an uploaded file or a YouTube/Vimeo embed."""

from django.core.exceptions import ValidationError
from django.db import models

from articles.video import media
from portal.web.fields import RichTextField


class ArticleVideo(models.Model):
    """One video per article, shown at the top of the story instead of the hero picture.

    `kind`, `video_id`, `mime_type` and `file_size` are worked out in
    `clean()` from what the editor gave (a file or an address), so the page
    only ever builds player addresses from a checked id.
    """

    class Kind(models.TextChoices):
        UPLOAD = media.UPLOAD, "Uploaded file"
        YOUTUBE = media.YOUTUBE, "YouTube"
        VIMEO = media.VIMEO, "Vimeo"

    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, related_name="video")
    kind = models.CharField(max_length=10, choices=Kind.choices, editable=False)
    file = models.FileField(
        "video file",
        upload_to="videos/%Y/%m/",
        blank=True,
        help_text="An MP4 (H.264) or WebM file. Leave empty when you paste a YouTube or Vimeo address instead.",
    )
    url = models.URLField(
        "YouTube or Vimeo address",
        max_length=300,
        blank=True,
        help_text="The video's address, e.g. https://www.youtube.com/watch?v=… or https://vimeo.com/…. "
        "Nothing loads from the video site until a reader presses play.",
    )
    video_id = models.CharField(max_length=20, blank=True, editable=False)
    mime_type = models.CharField(max_length=20, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(default=0, editable=False)
    poster = models.ForeignKey(
        "articles.Image",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The still readers see before pressing play (a frame of the video works well). "
        "It is served from this site, so readers' browsers contact the video site only when they press play.",
    )
    duration = models.PositiveIntegerField(
        help_text="Running time, e.g. 3:25 or 1:02:03 (or plain seconds). Shown on cards and read out with the "
        "play button."
    )
    caption = models.CharField(max_length=300, blank=True, help_text="Shown under the video.")
    credit = models.CharField(max_length=120, blank=True, help_text="Who made the video, e.g. “Reuters TV”.")
    transcript = RichTextField(
        blank=True,
        help_text="What is said and shown, for readers who cannot watch or hear it. Strongly recommended.",
    )

    class Meta:
        verbose_name = "video"

    def __str__(self):
        return f"{self.get_kind_display()} video of “{self.article}”" if self.article_id else "video"

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    def clean(self):
        """Exactly one source; work out the kind and the provider's id or the file's type."""
        has_file, has_url = bool(self.file), bool(self.url)
        if has_file == has_url:
            message = (
                "Upload a video file or paste a YouTube or Vimeo address, not both."
                if has_file
                else "Upload a video file or paste a YouTube or Vimeo address."
            )
            raise ValidationError({"url": message})
        if has_url:
            try:
                provider, video_id = media.parse_video_url(self.url)
            except ValidationError as error:
                raise ValidationError({"url": error.messages}) from None
            self.kind, self.video_id, self.mime_type, self.file_size = provider, video_id, "", 0
        elif getattr(self.file, "_committed", False) and self.mime_type:
            # Checked when it was uploaded; reading it again would fetch the whole video from the storage.
            self.kind, self.video_id = self.Kind.UPLOAD, ""
        else:
            try:
                self.mime_type = media.validate_video_file(self.file)
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from None
            self.kind, self.video_id, self.file_size = self.Kind.UPLOAD, "", self.file.size

    @property
    def is_embed(self):
        return self.kind in (self.Kind.YOUTUBE, self.Kind.VIMEO)

    @property
    def provider_name(self):
        return self.get_kind_display() if self.is_embed else ""

    @property
    def embed_url(self):
        return media.embed_url(self.kind, self.video_id)

    @property
    def watch_url(self):
        return media.watch_url(self.kind, self.video_id)

    @property
    def duration_display(self):
        return media.format_duration(self.duration)

    @property
    def duration_spoken(self):
        return media.spoken_duration(self.duration)

    @property
    def iso_duration(self):
        return media.iso_duration(self.duration)
