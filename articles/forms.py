"""Admin forms for the newsroom."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.urls import reverse
from django.utils import timezone

from articles.images import validate_image_file
from articles.models import Article, Disclosure, Image
from articles.services import article_disclosure_ids, effective_disclosure_ids
from articles.tagging import tag_name_problem


class CheckedImageField(forms.ImageField):
    default_validators = [FileExtensionValidator(["jpg", "jpeg", "png", "webp"])]

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
        help_text="Tick when the story changed in substance (new facts): “Last updated” then moves to now. "
        "Leave it unticked for typo fixes. Adding a correction below always counts.",
    )
    update_note = forms.CharField(
        required=False,
        max_length=300,
        label="What changed?",
        help_text="Optional; kept in the article's update history.",
    )
    disclosure_change_reason = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason for removing a disclosure",
        help_text="Required when a commercial disclosure is removed from a published article; kept in its history.",
    )

    opened_version = forms.CharField(
        required=False,
        widget=forms.HiddenInput,
        help_text="The version of the article this form was opened at; a later save by someone else is refused.",
    )
    workflow_comment = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Comment for the writer",
        help_text="Required when you send the article back: say what should change. It is emailed to the writer.",
    )

    class Meta:
        model = Article
        fields = [
            "headline", "slug", "category", "authors", "source", "summary", "body", "hero_image",
            "tags", "disclosures", "use_section_disclosure", "status", "publish_at", "is_top_story",
        ]  # fmt: skip
        widgets = {"disclosures": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What readers saw before this edit, to audit and guard removals.
        self.disclosures_before = article_disclosure_ids(self.instance) if self.instance.pk else set()
        if self.instance.pk and self.instance.modified_at:
            self.fields["opened_version"].initial = self.instance.modified_at.isoformat()
        if "tags" in self.fields:
            url = reverse("admin:articles_article_tag_suggestions")
            self.fields["tags"].widget.attrs["data-suggestions-url"] = url

    def check_edit_conflict(self, opened):
        """Refuse to overwrite a save someone made after this form was opened."""
        current = self.instance.modified_at.isoformat() if self.instance.pk and self.instance.modified_at else ""
        if not opened or opened == current:
            return
        who = self.instance.modified_by
        name = (who.get_full_name() or who.get_username()) if who else "Someone"
        when = timezone.localtime(self.instance.modified_at)
        # The re-rendered form carries the current version: saving again
        # after reviewing the other changes is then a deliberate overwrite.
        self.data = self.data.copy()
        self.data[self.add_prefix("opened_version")] = current
        raise forms.ValidationError(
            f"{name} saved this article at {when:%H:%M:%S} on {when:%d %B %Y}, after you opened it. "
            "Nothing of yours is lost: your changes are still in the form below, but not saved. "
            "Check “Revisions” for what they changed, then save again to keep your version.",
            code="edit_conflict",
        )

    def clean_tags(self):
        names = self.cleaned_data.get("tags") or []
        problems = [p for p in map(tag_name_problem, names) if p]
        if problems:
            raise forms.ValidationError(" ".join(problems))
        return names

    def clean_publish_at(self):
        value = self.cleaned_data.get("publish_at")
        if value and not 1990 <= value.year <= 2100:
            raise forms.ValidationError("Choose a publish time between 1990 and 2100.")
        return value

    def clean(self):
        cleaned = super().clean()
        self.check_edit_conflict(cleaned.get("opened_version"))
        action = self.data.get("_workflow")
        if action == "send_back" and not (cleaned.get("workflow_comment") or "").strip():
            self.add_error("workflow_comment", "Say what should change: the comment is sent to the writer.")
        if action == "schedule" and "publish_at" in self.fields:
            when = cleaned.get("publish_at")
            if not when or when <= timezone.now():
                self.add_error("publish_at", "Choose a time in the future to schedule the article.")
        if "disclosures" not in cleaned or not self.instance.pk or not self.instance.is_published:
            return cleaned
        after = effective_disclosure_ids(
            explicit_ids=[d.pk for d in cleaned["disclosures"]],
            category=cleaned.get("category"),
            use_section_disclosure=cleaned.get("use_section_disclosure", True),
        )
        removed = Disclosure.objects.filter(pk__in=self.disclosures_before - after, is_commercial=True)
        if removed and not cleaned.get("disclosure_change_reason", "").strip():
            names = ", ".join(d.name for d in removed)
            self.add_error(
                "disclosure_change_reason",
                f"This article is published: say why readers should no longer see “{names}”.",
            )
        return cleaned
