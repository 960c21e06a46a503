"""Admin forms for the newsroom."""

from django import forms
from django.urls import reverse

from articles.images import validate_image_file
from articles.models import Article, Image


class CheckedImageField(forms.ImageField):
    """An ImageField whose errors say what is wrong with the file.

    Our checks run before Django's own (which answer every problem with the
    same "Upload a valid image"), so editors learn whether the file is too
    large, damaged, a bomb or not an image at all.
    """

    def to_python(self, data):
        if data is not None and hasattr(data, "read"):
            validate_image_file(data)
        return super().to_python(data)


class ImageForm(forms.ModelForm):
    file = CheckedImageField(
        help_text=Image._meta.get_field("file").help_text,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit"]


class ArticleAdminForm(forms.ModelForm):
    substantive_update = forms.BooleanField(
        required=False,
        label="This is a substantive update",
        help_text="Tick when the story changed in substance (new facts, a correction): "
        "“Last updated” then moves to now. Leave it unticked for typo fixes.",
    )

    class Meta:
        model = Article
        fields = [
            "headline", "slug", "category", "authors", "source", "summary", "body", "hero_image",
            "tags", "status", "publish_at", "is_top_story",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "tags" in self.fields:
            url = reverse("admin:articles_article_tag_suggestions")
            self.fields["tags"].widget.attrs["data-suggestions-url"] = url
