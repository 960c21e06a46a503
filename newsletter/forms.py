"""The signup form (every box on the site posts it) and the preferences form."""

from django import forms

from newsletter.models import ConsentRecord

#: Where a signup box sits; each renders the same form with its own ids.
LOCATIONS = {
    ConsentRecord.Source.BAND: "nl-band",
    ConsentRecord.Source.ARTICLE: "nl-article",
    ConsentRecord.Source.FOOTER: "nl-footer",
    ConsentRecord.Source.PAGE: "nl-page",
}


class SubscribeForm(forms.Form):
    """Email, lists (optional: the small boxes send the default lists), where, and a honeypot."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@example.com.",
        },
    )
    lists = forms.TypedMultipleChoiceField(
        label="Newsletters",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the newsletters listed."},
    )
    source = forms.CharField(required=False, max_length=20)
    # Bots fill every field; people never see this one (hidden by CSS, skipped by
    # screen readers and the keyboard, and autocomplete is off).
    website = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, lists=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.signup_lists = tuple(lists)
        self.fields["lists"].choices = [(item.id, item.name) for item in self.signup_lists]

    @property
    def is_bot(self):
        return bool(self.data.get("website"))

    @property
    def location(self):
        """Which box the form came from (an unknown value counts as the newsletter page)."""
        value = self.data.get("source") if self.is_bound else None
        return value if value in LOCATIONS else ConsentRecord.Source.PAGE

    def clean_source(self):
        return self.location

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("lists") and "lists" not in self.errors:
            if not self.signup_lists:
                raise forms.ValidationError("Signups are closed at the moment. Please try again later.")
            if self.location == ConsentRecord.Source.PAGE:
                self.add_error("lists", "Choose at least one newsletter.")
            else:
                from newsletter.services.lists import default_lists

                cleaned["lists"] = [item.id for item in default_lists(self.signup_lists)]
        return cleaned


class PreferencesForm(forms.Form):
    lists = forms.TypedMultipleChoiceField(
        label="Your newsletters", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    share_clicks = forms.BooleanField(
        label="Keep a history of the links I click in these newsletters",
        required=False,
        help_text="Off unless you turn it on. Without it we only count clicks on each link, never whose they are; "
        "turning it off deletes the history kept so far.",
    )

    def __init__(self, *args, lists=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].choices = [(item.id, item.name) for item in lists]
