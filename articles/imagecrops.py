"""Hand-set crops of chosen renditions (Image.crops) and the "Replace file" page of the picture library.

A crop is typed as four percentages of the picture, "left, top, right,
bottom"; the rendition is then the largest box of its shape inside it, and a
rendition without one is cropped around the focal point. Any change remakes
the renditions, which announces `image-<pk>`: pages and proxies showing the
picture refresh (README, "The editor's desk").
"""

import re

from django import forms
from django.db.models import Q

from articles.images import CROPS

_NUMBER = r"\s*(\d{1,3}(?:\.\d+)?)\s*%?\s*"
_BOX = re.compile(rf"^{_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}$")
MIN_SIDE = 10  # percent: a smaller box would make a blurred rendition


def parse_crop(text):
    """(left, top, right, bottom) fractions from "10, 5, 90, 60" (percent), None for blank; ValidationError else."""
    text = (text or "").strip()
    if not text:
        return None
    match = _BOX.match(text)
    if not match:
        raise forms.ValidationError(
            "Give four percentages of the picture, left, top, right, bottom, e.g. “10, 5, 90, 60”.", code="crop_format"
        )
    left, top, right, bottom = (float(v) for v in match.groups())
    if max(left, top, right, bottom) > 100:
        raise forms.ValidationError("Each number is a percentage of the picture: between 0 and 100.", code="crop_range")
    if right - left < MIN_SIDE or bottom - top < MIN_SIDE:
        raise forms.ValidationError(
            "Right must be at least %(min)s more than left, and bottom %(min)s more than top.",
            code="crop_small",
            params={"min": MIN_SIDE},
        )
    return [round(v / 100, 4) for v in (left, top, right, bottom)]


def crop_text(box):
    return ", ".join(f"{v * 100:g}" for v in box) if box else ""


def _crop_field(name):
    return forms.CharField(
        required=False,
        max_length=60,
        label=f"Crop for {CROPS[name][0]}",
        help_text="Left, top, right, bottom in percent of the picture, e.g. “10, 5, 90, 60”. "
        "Blank: cropped around the focal point.",
    )


class CropFieldsMixin(forms.Form):
    """The picture form's crop boxes, one per croppable rendition (CROPS), stored as `Image.crops`."""

    crop_wide = _crop_field("wide")
    crop_social = _crop_field("social")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        crops = getattr(self.instance, "crops", None) or {}
        for name in CROPS:
            self.fields[f"crop_{name}"].initial = crop_text(crops.get(name))

    def clean(self):
        cleaned = super().clean()
        crops = {}
        for name in CROPS:
            try:
                box = parse_crop(cleaned.get(f"crop_{name}"))
            except forms.ValidationError as error:
                self.add_error(f"crop_{name}", error)
                continue
            if box:
                crops[name] = box
        self.instance.crops = crops
        return cleaned


def usage(image):
    """The articles that show the picture: as their hero or social picture, or in their body."""
    from articles.models import Article

    return (
        Article.objects.filter(
            Q(hero_image=image) | Q(social_image=image) | Q(body__contains=f'data-image="{image.pk}"')
        )
        .only("pk", "headline", "body", "hero_image_id", "social_image_id", "publish_at")
        .order_by("-publish_at", "-pk")
    )


class ReplaceFileForm(forms.Form):
    def __init__(self, *args, **kwargs):
        from articles.forms import CheckedImageField

        super().__init__(*args, **kwargs)
        self.fields["file"] = CheckedImageField(
            label="New file",
            help_text="JPEG, PNG or WebP. The picture keeps its alt text, caption, credit and every place it is used.",
            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        )
        self.order_fields(["file", "keep_crops"])

    keep_crops = forms.BooleanField(
        required=False,
        label="Keep the focal point and crops",
        help_text="Tick when the new file shows the same scene framed the same way (a better export).",
    )
