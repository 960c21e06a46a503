"""The CSV lists editors upload: a file the csv module cannot read on is reported, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from newsletter.models import Suppression
from newsletter.services.people import read_addresses
from newsletter.services.suppressions import read_suppression_csv

pytestmark = pytest.mark.django_db

#: Each raised _csv.Error (found by the parser harness in tests/fuzz/test_parsers.py).
UNREADABLE = [
    "a@example.com\n" + "x" * 200_000,  # a field past the csv module's 131,072-character limit
    'a@example.com\n"' + "y" * 200_000,  # an unterminated quote running to the end
]


@pytest.mark.parametrize("text", UNREADABLE)
def test_an_unreadable_rest_of_the_file_is_a_listed_problem(text):
    for reader in (read_addresses, read_suppression_csv):
        rows, invalid = reader(text)
        assert len(rows) == 1, "what came before is kept"
        assert "not readable as CSV" in invalid[-1] and "line 2" in invalid[-1]


def test_line_endings_of_every_kind_are_rows():
    emails, invalid = read_addresses("a@example.com\r\nb@example.com\rc@example.com\n\r0")
    assert emails == ["a@example.com", "b@example.com", "c@example.com"] and len(invalid) == 1


def test_the_suppression_import_page_reports_it(editor_client):
    upload = SimpleUploadedFile("bounces.csv", UNREADABLE[0].encode(), content_type="text/csv")
    response = editor_client.post(
        reverse("admin:newsletter_suppression_import"), {"file": upload, "reason": "imported", "note": ""}, follow=True
    )
    assert response.status_code == 200
    assert "not readable as CSV" in response.content.decode()
    assert list(Suppression.objects.values_list("email", flat=True)) == ["a@example.com"]
