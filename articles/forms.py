"""Admin forms for the newsroom."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.urls import reverse
from django.utils import timezone

from articles.body.admin import body_media_urls, body_problems
from articles.desk.models import META_DESCRIPTION_LENGTH, SEO_TITLE_LENGTH
from articles.imagecrops import CropFieldsMixin
from articles.images import validate_image_file
from articles.models import Article, Disclosure, FrequentlyAskedQuestion, Image, KeyTakeaway
from articles.models.disclosures import disclosure_combination_errors
from articles.services import article_disclosure_ids, effective_disclosure_ids
from articles.tagging import tag_name_problem
from articles.trustlabels.vocabulary import WorkType
from articles.wire.rules import embargo_problem

SLUG_LENGTH = 60
TAKEAWAY_MAX = KeyTakeaway._meta.get_field("text").max_length


def slug_limit(slug, limit=SLUG_LENGTH):
    """Shorten a slug to at most `limit` characters, cutting between words (a single long word is cut)."""
    slug = slug.strip("-")
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1].rsplit("-", 1)[0] if "-" in slug[: limit + 1] else slug[:limit]
    return cut.strip("-")


def section_disclosure_label(article):
    """The tick's label names the label it adds, so it is never applied unseen."""
    default = article.category.default_disclosure if article.category_id else None
    if default:
        return f"Show the section's disclosure (“{default.label}”)"
    return "Show the section's disclosure (when the section has one)"


def section_type_label(article):
    """The empty type choice names the section's default, so an editor sees what leaving it means."""
    if article.category_id:
        return f"The section's default ({article.category.get_default_work_type_display()})"
    return "The section's default"


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


class ImageForm(CropFieldsMixin, forms.ModelForm):
    file = CheckedImageField(
        help_text=Image._meta.get_field("file").help_text,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "digital_source_type", "focal_x", "focal_y"]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1, "data-focal": "x"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1, "data-focal": "y"}),
        }


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
        help_text="Optional, public: shown to readers with this update on the article's “What changed” page.",
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

    takeaways_text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "takeaways-lines"}),
        label="Key takeaways, one per line",
        help_text="One takeaway per line, in the order readers see them (at most 300 characters each).",
    )

    class Meta:
        model = Article
        # No status field: the state changes only through the publish control,
        # so the pre-publish checks cannot be stepped around.
        fields = [
            "headline", "slug", "category", "authors", "source", "summary", "body", "hero_image",
            "tags", "disclosures", "use_section_disclosure", "publish_at", "unpublish_at", "is_top_story",
            "seo_title", "seo_description", "social_headline", "social_image",
            "work_type", "byline_role", "reviewed_item", "ai_use", "ai_note", "ai_reviewed_by",
        ]  # fmt: skip
        widgets = {
            "disclosures": forms.CheckboxSelectMultiple,
            # The counters (static/js/admin-desk.js) count against what search engines show, not the limit.
            "seo_title": forms.TextInput(attrs={"size": 70, "data-counter": SEO_TITLE_LENGTH}),
            "seo_description": forms.Textarea(attrs={"rows": 3, "data-counter": META_DESCRIPTION_LENGTH}),
            "social_headline": forms.TextInput(attrs={"size": 70}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What readers saw before this edit, to audit and guard removals.
        self.disclosures_before = article_disclosure_ids(self.instance) if self.instance.pk else set()
        if self.instance.pk and self.instance.modified_at:
            self.fields["opened_version"].initial = self.instance.modified_at.isoformat()
        for name, words in (("publish_at", "Publish"), ("unpublish_at", "Unpublish")):
            widgets = getattr(self.fields.get(name) and self.fields[name].widget, "widgets", None)
            if widgets:  # the admin's split date/time inputs: each needs its own name for screen readers
                widgets[0].attrs["aria-label"] = f"{words} date (YYYY-MM-DD)"
                widgets[1].attrs["aria-label"] = f"{words} time (HH:MM)"
        if self.instance.pk:
            self.fields["takeaways_text"].initial = "\n".join(t.text for t in self.instance.takeaways.all())
        if "work_type" in self.fields:
            self.fields["work_type"].choices = [("", section_type_label(self.instance)), *WorkType.choices]
        if "use_section_disclosure" in self.fields:
            self.fields["use_section_disclosure"].label = section_disclosure_label(self.instance)
        if "body" in self.fields:  # the body's Picture and Embed buttons (static/js/admin-body-media.js)
            self.fields["body"].widget.attrs.update(body_media_urls())
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

    def check_disclosure_combination(self, cleaned):
        """The disclosures readers would see must not contradict each other (Disclosure.written_by)."""
        if "disclosures" not in cleaned:
            return
        category = cleaned.get("category")
        default = category.default_disclosure if category is not None and category.default_disclosure_id else None
        shown = list(cleaned["disclosures"])
        if default is not None and cleaned.get("use_section_disclosure", True) and default not in shown:
            shown.append(default)
        for error in disclosure_combination_errors(shown, section_default=default):
            self.add_error("disclosures", error)

    def clean_tags(self):
        names = self.cleaned_data.get("tags") or []
        problems = [p for p in map(tag_name_problem, names) if p]
        if problems:
            raise forms.ValidationError(" ".join(problems))
        return names

    def clean_body(self):
        return body_problems(self.cleaned_data.get("body") or "")

    def clean_slug(self):
        return slug_limit(self.cleaned_data.get("slug") or "")

    def clean_takeaways_text(self):
        lines = [line.strip() for line in (self.cleaned_data.get("takeaways_text") or "").splitlines()]
        lines = [line for line in lines if line]
        too_long = [n for n, line in enumerate(lines, 1) if len(line) > TAKEAWAY_MAX]
        if too_long:
            which = ", ".join(map(str, too_long))
            raise forms.ValidationError(f"Takeaway {which} is longer than {TAKEAWAY_MAX} characters; shorten it.")
        return lines

    def check_embargo(self, cleaned, action):
        """A story under embargo is not published before it, whichever way (status field, button, time)."""
        status = cleaned.get("status", self.instance.status)
        if status == Article.Status.PUBLISHED or action in ("approve", "schedule"):
            when = cleaned.get("publish_at") if "publish_at" in self.fields else self.instance.publish_at
            problem = embargo_problem(self.instance, None if action == "approve" else when)
            if problem:
                self.add_error("publish_at" if "publish_at" in self.fields else None, problem)

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
        self.check_embargo(cleaned, action)
        starts, ends = cleaned.get("publish_at"), cleaned.get("unpublish_at")
        if ends and starts and ends <= starts:
            self.add_error("unpublish_at", "The unpublish time must come after the publish time.")
        self.check_disclosure_combination(cleaned)
        if "disclosures" not in cleaned or not self.instance.pk or not self.instance.is_live:
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


class FAQForm(forms.ModelForm):
    """A question/answer row; its position is kept in a hidden field that follows the rows' order."""

    class Meta:
        model = FrequentlyAskedQuestion
        fields = ["question", "answer", "position"]
        widgets = {
            "position": forms.HiddenInput(attrs={"class": "faq-position"}),
            # The table's column headers are not labels: each input names itself.
            "question": forms.TextInput(attrs={"size": 50, "aria-label": "Question"}),
            "answer": forms.Textarea(attrs={"rows": 2, "cols": 60, "aria-label": "Answer"}),
        }
