"""The video of a video story, edited inline on the article."""

import re

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from articles.models import ArticleVideo
from articles.video.media import format_duration

_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")


class DurationField(forms.CharField):
    """A running time typed as editors read it: 3:25, 1:02:03 or plain seconds."""

    default_error_messages = {"invalid": "Enter the running time as minutes:seconds (3:25), h:mm:ss or seconds."}

    def prepare_value(self, value):
        return format_duration(value) if isinstance(value, int) else value

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        if text.isdigit():
            seconds = int(text)
        else:
            match = _CLOCK.match(text)
            if not match:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            hours, minutes, secs = (int(part or 0) for part in match.groups())
            if secs >= 60 or (hours and minutes >= 60):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            seconds = hours * 3600 + minutes * 60 + secs
        if not 0 < seconds < 24 * 3600:
            raise ValidationError("The running time must be between one second and a day.", code="out_of_range")
        return seconds


def _model_field(name):
    field = ArticleVideo._meta.get_field(name)
    return {"label": field.verbose_name[0].upper() + field.verbose_name[1:], "help_text": field.help_text}


class ArticleVideoForm(forms.ModelForm):
    url = forms.URLField(
        required=False,
        max_length=300,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "vURLField"}),
        **_model_field("url"),
    )
    duration = DurationField(
        **_model_field("duration"),
        widget=forms.TextInput(attrs={"size": 10, "maxlength": 12}),
    )

    class Meta:
        model = ArticleVideo
        fields = ["url", "file", "poster", "duration", "caption", "credit", "transcript"]


class ArticleVideoInline(admin.StackedInline):
    """Makes the article a video story: the video replaces the hero picture at the top of the page."""

    model = ArticleVideo
    form = ArticleVideoForm
    extra = 0
    max_num = 1
    autocomplete_fields = ["poster"]
    readonly_fields = ["kind"]
    fields = ["url", "file", "kind", "poster", "duration", "caption", "credit", "transcript"]
    verbose_name = "video (makes this a video story)"
    verbose_name_plural = "Video (makes this a video story: the video replaces the picture at the top)"
