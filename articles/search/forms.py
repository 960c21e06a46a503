"""The search form: what readers may ask for, checked before it reaches the database."""

from datetime import date

from django import forms

from articles.search import NEWEST, RELEVANCE, SearchParams
from articles.search.query import MAX_QUERY_CHARS, clean_query

EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


class DateInput(forms.DateInput):
    input_type = "date"


class SearchForm(forms.Form):
    """Words, a section, a date range and the order, all optional.

    Every field is lenient: an invalid filter gets a message and is left
    out, the rest of the search still runs.
    """

    q = forms.CharField(label="Search for", required=False, strip=False)
    section = forms.ChoiceField(label="Section", required=False)
    start = forms.DateField(label="From", required=False, widget=DateInput)
    end = forms.DateField(label="To", required=False, widget=DateInput)
    sort = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[(RELEVANCE, "Best match"), (NEWEST, "Newest first")],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = {s.slug: s for s in sections}
        self.fields["section"].choices = [("", "All sections")] + [(s.slug, s.name) for s in sections]
        self.was_cut = False

    def clean_q(self):
        query = clean_query(self.cleaned_data.get("q"))
        self.was_cut = query.was_cut
        return query.text

    def _clean_date(self, name):
        value = self.cleaned_data.get(name)
        # Far-off years would overflow the date arithmetic below; no archive reaches them.
        if value and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError("Choose a date between 1900 and 2999.")
        return value

    def clean_start(self):
        return self._clean_date("start")

    def clean_end(self):
        return self._clean_date("end")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "The end date is before the start date.")
        return data

    def params(self) -> SearchParams:
        """The valid part of the search (invalid filters are left out)."""
        if not self.is_bound:
            return SearchParams()
        if not self.is_valid():
            # A date input may only hold a real date (HTML): an invalid one is
            # shown back empty, with its error message beside the form.
            self.data = self.data.copy()
            for name in ("start", "end"):
                if name in self.errors:
                    self.data[name] = ""
        data = self.cleaned_data
        section = self.sections.get(data.get("section") or "")
        return SearchParams(
            text=data.get("q", ""),
            section_ids=(section.id,) if section else (),
            start=data.get("start"),
            end=data.get("end"),
            order=data.get("sort") or RELEVANCE,
        )

    @property
    def max_chars(self):
        return MAX_QUERY_CHARS
