"""The reader forms: one base (honeypot, tidy single-line fields, accessible widgets) and one form per kind."""

from django import forms

from portal.models import Submission
from portal.submissions.validation import validate_attachment


class SubmissionForm(forms.Form):
    """Fields every submission has; subclasses add or relabel.

    `website` is the honeypot: hidden from people (CSS), filled by bots.
    """

    kind = None
    #: Single-line fields whose inner whitespace (and line breaks) is collapsed.
    single_line = ("name", "subject")

    website = forms.CharField(required=False, label="Leave this field empty")
    name = forms.CharField(label="Your name", max_length=150)
    email = forms.EmailField(label="Your email address", max_length=254)

    autocomplete = {"name": "name", "email": "email", "website": "off"}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "field-%s")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            attrs = field.widget.attrs
            if name in self.autocomplete:
                attrs["autocomplete"] = self.autocomplete[name]
            if name == "website":
                attrs["tabindex"] = "-1"
            if name == "email":
                attrs["spellcheck"] = "false"
            if field.help_text:
                attrs["aria-describedby"] = f"field-{name}-help"

    def full_clean(self):
        super().full_clean()
        # Invalid fields say so to assistive technology, and point at their message.
        for name in self._errors or {}:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                ids = [f"field-{name}-error"]
                if self.fields[name].help_text:
                    ids.append(f"field-{name}-help")
                attrs["aria-describedby"] = " ".join(ids)

    def clean(self):
        data = super().clean()
        for name in self.single_line:
            if data.get(name):
                data[name] = " ".join(data[name].split())
        return data

    def is_bot(self):
        return bool(self.data.get("website"))

    def submission_data(self):
        """The cleaned fields the service stores."""
        return {k: v for k, v in self.cleaned_data.items() if k not in ("website", "attachment")}


class ContactForm(SubmissionForm):
    kind = Submission.Kind.CONTACT

    subject = forms.CharField(label="Subject", max_length=200)
    message = forms.CharField(label="Your message", max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))


class GuestPostForm(SubmissionForm):
    kind = Submission.Kind.GUEST_POST

    subject = forms.CharField(
        label="Proposed headline",
        max_length=200,
        help_text="The headline you would give the article.",
    )
    message = forms.CharField(
        label="Summary",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What the article argues and why our readers should care, in a few paragraphs.",
    )
    attachment = forms.FileField(
        label="Draft",
        required=False,
        validators=[validate_attachment],
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument"
                ".wordprocessingml.document"
            }
        ),
        help_text="A PDF or Word (.docx) file.",
    )


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class NominationForm(SubmissionForm):
    kind = Submission.Kind.NOMINATION
    single_line = ("name", "subject")

    award_category = CategoryChoiceField(label="Award category", queryset=None, empty_label="Choose a category")
    subject = forms.CharField(label="Nominee organisation", max_length=200, help_text="The organisation you nominate.")
    name = forms.CharField(label="Your name", max_length=150)
    email = forms.EmailField(label="Your email address", max_length=254)
    message = forms.CharField(
        label="Why it deserves the award",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What the organisation achieved in the past year, with figures where you can.",
    )

    autocomplete = {**SubmissionForm.autocomplete, "subject": "organization"}
    field_order = ["award_category", "subject", "name", "email", "message"]

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_category"].queryset = programme.categories.all()
