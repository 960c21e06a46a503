"""Reading the address lists editors upload (subscribers to import, addresses to suppress)."""

import csv
import io

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from newsletter.models import normalize_email

HEADERS = ("email", "email address", "e-mail")


def email_rows(text, invalid):
    """(line number, normalised address, cells) of each usable CSV row; bad addresses go to `invalid`.

    The address is the first column; blank rows and a header row are skipped.
    A file the csv module cannot read on (a stray carriage return, a field
    past its size limit) ends with a line in `invalid`, not an exception.
    """
    for number, cells in enumerate(_rows(text, invalid), start=1):
        if not cells or not cells[0].strip():
            continue
        email = normalize_email(cells[0])
        if number == 1 and email in HEADERS:
            continue
        try:
            validate_email(email)
        except ValidationError:
            invalid.append(f"line {number}: {cells[0][:80]!r} is not an email address")
            continue
        yield number, email, cells


def _rows(text, invalid):
    # newline="": the csv module's own rule for line endings inside quoted fields.
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            invalid.append(f"line {reader.line_num}: not readable as CSV ({error}); the rest of the file was left out")
            return
