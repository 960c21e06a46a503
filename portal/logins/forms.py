"""The one-time code a staff member types from their authenticator app."""

import re

from django import forms

SIX_DIGITS = re.compile(r"[0-9]{6}")


class CodeForm(forms.Form):
    """Six digits; spaces are ignored, as apps show the code as "123 456"."""

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=16,
        help_text="6 digits. The app shows a new one every 30 seconds.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not SIX_DIGITS.fullmatch(code):
            raise forms.ValidationError("Enter the 6 digits your authenticator app shows.", code="format")
        return code
