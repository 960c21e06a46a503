"""Every public form, posted with generated fields (read from the form class, so a new field
is fuzzed too), as an anonymous reader and as a contributor: no 5xx, no traceback."""

import io
import zipfile
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import example, given, settings
from hypothesis import strategies as st

from articles.search.forms import SearchForm
from articles.selectors import navigation_sections
from newsletter.forms import PreferencesForm, SubscribeForm
from newsletter.services.lists import signup_lists
from newsletter.tokens import confirm_token, manage_token
from portal.submissions.forms import ContactForm, GuestPostForm, NominationForm
from tests.fuzz import strategies as fz
from tests.fuzz.conftest import FUZZ, STATS, examples, fetch
from tests.fuzz.test_urls import PATTERNS
from tests.portal.awards.data import PDF

pytestmark = pytest.mark.django_db

EXAMPLES = 10


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


names = st.one_of(
    st.sampled_from(["draft.pdf", "draft.docx", "draft.PDF", "draft.exe", "../../etc/passwd", ".pdf"]),
    st.just("a" * 300 + ".pdf"),
    fz.text.map(lambda t: f"{t[:80]}.pdf"),
)
contents = st.one_of(
    st.sampled_from([PDF, b"", b"%PDF-", b"MZ\x90\x00" + b"\x00" * 64, docx_bytes(), b"PK\x03\x04broken zip"]),
    st.binary(max_size=2000),
    st.binary(max_size=500).map(lambda b: b"%PDF-1.4\n" + b),
)
uploads = st.builds(
    lambda name, content, kind: SimpleUploadedFile(name, content, content_type=kind),
    names,
    contents,
    st.sampled_from(["application/pdf", "application/octet-stream", "text/html", ""]),
)


def choices_of(field):
    values = []
    for value, _label in getattr(field, "choices", []):
        value = getattr(value, "value", value)  # ModelChoiceIteratorValue
        if value not in ("", None):
            values.append(str(value))
    return values


def field_values(name, field):
    """What a person or a bot could put in this field."""
    if name == "website":  # the honeypot: mostly left empty, as people do
        return st.sampled_from(["", "", "", "", "", "", "", "", "", "https://spam.example/"])
    if isinstance(field, forms.FileField):
        return st.one_of(st.none(), uploads)
    junk = st.one_of(fz.text, st.integers(min_value=-(10**20), max_value=10**20).map(str))
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        real = choices_of(field)
        return st.lists(st.one_of(st.sampled_from(real), junk) if real else junk, max_size=4)
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        real = choices_of(field)
        return st.one_of(st.sampled_from(real), junk) if real else junk
    if isinstance(field, forms.EmailField):
        return st.one_of(
            st.emails(),
            st.sampled_from(["reader@example.com", "a@b", "@", "x" * 300 + "@example.com", "ünï@exämple.com"]),
            fz.text,
        )
    if isinstance(field, forms.DateField):
        return st.one_of(st.dates().map(str), junk)
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "", "true", "0"])
    longest = getattr(field, "max_length", None) or 200
    return st.one_of(fz.text, st.text(max_size=longest + 10), st.just("x" * (longest + 1)), st.just(""))


@dataclass(frozen=True)
class PublicForm:
    """A reader form: where it is sent, how, and the form class whose fields are generated."""

    url_name: str
    method: str = "post"

    def url(self, site):
        args = {
            "newsletter:preferences": [manage_token(site.objects["subscriber"])],
            "newsletter:unsubscribe": [manage_token(site.objects["subscriber"])],
            "newsletter:confirm": [confirm_token(site.objects["consent"])],
        }.get(self.url_name, [])
        return reverse(self.url_name, args=args)

    def form(self, site):
        return {
            "newsletter:subscribe": lambda: SubscribeForm(lists=signup_lists()),
            "newsletter:preferences": lambda: PreferencesForm(lists=signup_lists()),
            "newsletter:unsubscribe": lambda: UnsubscribeButton(),
            "newsletter:confirm": lambda: forms.Form(),
            "portal:contact": lambda: ContactForm(),
            "portal:submit_post": lambda: GuestPostForm(),
            "awards:nominate": lambda: NominationForm(programme=site.objects["programme"]),
            "articles:search": lambda: SearchForm(sections=navigation_sections()),
        }[self.url_name]()


class UnsubscribeButton(forms.Form):
    """The unsubscribe page's button, and RFC 8058's one-click post from a mailbox."""

    unsubscribe = forms.CharField(required=False)
    List_Unsubscribe = forms.ChoiceField(choices=[("One-Click", "One-Click")], required=False)


FORMS = [
    PublicForm("newsletter:subscribe"),
    PublicForm("newsletter:preferences"),
    PublicForm("newsletter:unsubscribe"),
    PublicForm("newsletter:confirm"),
    PublicForm("portal:contact"),
    PublicForm("portal:submit_post"),
    PublicForm("awards:nominate"),
    PublicForm("articles:search", method="get"),
]


def form_data(form):
    fields = {name.replace("List_Unsubscribe", "List-Unsubscribe"): field for name, field in form.fields.items()}
    generated = st.fixed_dictionaries({}, optional={name: field_values(name, f) for name, f in fields.items()})
    extra = fz.query_pairs().map(dict)
    return st.builds(lambda more, data: {**more, **{k: v for k, v in data.items() if v is not None}}, extra, generated)


headers = st.one_of(
    st.just({}),
    st.fixed_dictionaries(
        {},
        optional={
            "HTTP_ORIGIN": st.sampled_from(["null", "https://evil.example", "http://testserver", ""]),
            "HTTP_SEC_FETCH_SITE": st.sampled_from(["cross-site", "same-origin", "none"]),
            "HTTP_X_REAL_IP": st.sampled_from(["", "not-an-ip", "::1", "999.1.1.1", "10.0.0.1, 1.2.3.4"]),
            "REMOTE_ADDR": st.sampled_from(["203.0.113.9", "::ffff:198.51.100.1", "fe80::1%eth0"]),
        },
    ),
)


def test_every_public_form_view_is_fuzzed():
    """A new reader form (a view with a form_class outside the admin) must be added to FORMS."""
    fuzzed = {form.url_name.split(":")[-1] for form in FORMS}
    with_forms = {
        pattern.name
        for pattern in PATTERNS
        if not pattern.is_admin and getattr(getattr(pattern.callback, "view_class", None), "form_class", None)
    }
    assert {"contact", "submit_post", "nominate"} <= with_forms, "the walk misses the form views"
    assert with_forms <= fuzzed, f"reader forms missing from FORMS: {with_forms - fuzzed}"


@pytest.mark.parametrize("who", ["anonymous", "contributor"])
@pytest.mark.parametrize("public_form", FORMS, ids=lambda f: f.url_name)
def test_no_public_form_answers_5xx(fuzz_site, clients, public_form, who):
    client = clients[who]
    url = public_form.url(fuzz_site)
    form = public_form.form(fuzz_site)

    def check(data, extra_headers):
        if public_form.method == "get":
            query = urlencode(data, doseq=True)
            fetch(client, who, "get", f"{url}?{query}", **extra_headers)
        else:
            STATS["form posts"] += 1
            fetch(client, who, "post", url, data=data, **extra_headers)

    run = given(data=form_data(form), extra_headers=headers)(check)
    for value in fz.KILLERS:  # every field at once, file fields left empty
        data = {name: value for name, field in form.fields.items() if not isinstance(field, forms.FileField)}
        run = example(data=data, extra_headers={})(run)
    settings(FUZZ, max_examples=examples(EXAMPLES))(run)()
