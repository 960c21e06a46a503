"""Forms of the newsletter admin's own pages (send, schedule, fill, test, imports)."""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils import timezone

from articles.models import Category
from newsletter.models import NewsletterList, Suppression

MAX_CSV_BYTES = 20 * 1024 * 1024


def read_csv_upload(upload):
    """The text of an uploaded CSV (UTF-8, with or without BOM), or a form error."""
    if upload.size > MAX_CSV_BYTES:
        raise forms.ValidationError("The file is larger than 20 MB; split it into smaller files.")
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise forms.ValidationError("Save the file as CSV in UTF-8 encoding and upload it again.") from error


class SendTestForm(forms.Form):
    email = forms.EmailField(label="Send a test to", help_text="One address; the subject starts with “[Test]”.")


class ScheduleForm(forms.Form):
    scheduled_at = forms.SplitDateTimeField(
        label="Send at", widget=AdminSplitDateTime, help_text="In the newsroom's time zone."
    )

    def clean_scheduled_at(self):
        value = self.cleaned_data["scheduled_at"]
        if value <= timezone.now():
            raise forms.ValidationError("Choose a time in the future, or send now.")
        return value


class FillForm(forms.Form):
    LATEST, RELATED = "latest", "related"
    source = forms.ChoiceField(
        label="Fill with",
        choices=[
            (LATEST, "The latest articles (of the sections below, since the time below)"),
            (RELATED, "Stories related to the issue's first article (as “Related” shows under it on the site)"),
        ],
        initial=LATEST,
        required=False,  # blank: the latest, as before the choice existed
        widget=forms.RadioSelect,
    )
    sections = forms.ModelMultipleChoiceField(
        queryset=Category.objects.order_by("navigation_order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for every section. Latest articles only.",
    )
    limit = forms.IntegerField(
        label="How many", min_value=1, max_value=30, initial=6, help_text="The newest (or most related) first."
    )
    since = forms.SplitDateTimeField(
        label="Published after",
        required=False,
        widget=AdminSplitDateTime,
        help_text="Blank: since this list's previous issue went out.",
    )

    def clean_source(self):
        return self.cleaned_data.get("source") or self.LATEST


class SubscriberImportForm(forms.Form):
    CONFIRM, CONSENTED = "confirm", "consented"
    file = forms.FileField(
        label="CSV file", help_text="One address per line in the first column; a header “email” is fine."
    )
    lists = forms.ModelMultipleChoiceField(
        queryset=NewsletterList.objects.all(), widget=forms.CheckboxSelectMultiple, help_text="Lists to add them to."
    )
    mode = forms.ChoiceField(
        choices=[
            (CONFIRM, "Send each address our confirmation email (double opt-in); they join when they click"),
            (CONSENTED, "They already consented elsewhere: add them now and record where and when"),
        ],
        widget=forms.RadioSelect,
        initial=CONFIRM,
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when they already consented: where, when and with what wording (it is stored in "
        "each person's consent record).",
    )

    def clean_file(self):
        return read_csv_upload(self.cleaned_data["file"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") == self.CONSENTED and not cleaned.get("note", "").strip():
            self.add_error("note", "Say where and when these people consented; it is their consent record.")
        return cleaned


class SuppressionImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: email, then optionally reason (bounce, complaint, manual) and note.",
    )
    reason = forms.ChoiceField(
        choices=Suppression.Reason.choices,
        initial=Suppression.Reason.IMPORTED,
        help_text="For lines without a reason.",
    )
    note = forms.CharField(required=False, max_length=300, help_text="E.g. “Bounces exported from the old provider”.")

    def clean_file(self):
        return read_csv_upload(self.cleaned_data["file"])
