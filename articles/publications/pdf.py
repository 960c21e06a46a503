"""Checking uploaded PDFs by their content, not their name.

A PDF starts with a `%PDF-1.x` or `%PDF-2.0` header and ends with `%%EOF`
(perhaps followed by a little whitespace). Checking both ends catches the
common accidents: a renamed Word file, ZIP or program, and an upload cut
short. It does not parse the file: readers' PDF viewers do that, and a
structurally broken but complete PDF is the publisher's problem, not a risk.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

HEADER = re.compile(rb"%PDF-(1\.[0-7]|2\.0)")
#: How far from the end `%%EOF` may sit: some writers add whitespace or a
#: short trailer comment after it.
TAIL_BYTES = 1024

#: Signatures of files people upload by mistake, for a message they can act on.
KNOWN_IMPOSTORS = [
    (b"PK\x03\x04", "a ZIP archive (perhaps a Word or PowerPoint file)"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
]


def max_bytes():
    return int(settings.PUBLICATION_PDF_MAX_MB * 1024 * 1024)


def validate_pdf(upload):
    """Raise ValidationError unless `upload` (a File or FieldFile) is a whole PDF within the size limit."""
    if not upload:
        return
    if getattr(upload, "_committed", False):
        return  # already stored, so checked when it was uploaded; re-saving the form must not re-read it
    size = upload.size
    if not size:
        raise ValidationError("This file is empty. Choose the PDF again.", code="empty")
    if size > max_bytes():
        raise ValidationError(
            "This PDF is %(size)s; the limit is %(limit)s. Export it with smaller images and try again.",
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes())},
        )
    handle = upload.file if hasattr(upload, "file") else upload
    try:
        handle.seek(0)
        head = handle.read(8)
        handle.seek(max(0, size - TAIL_BYTES))
        tail = handle.read(TAIL_BYTES)
    finally:
        handle.seek(0)
    if not HEADER.match(head):
        kind = next((name for magic, name in KNOWN_IMPOSTORS if head.startswith(magic)), None)
        if kind:
            raise ValidationError(
                "This file is %(kind)s, not a PDF. Save or export it as PDF and upload that.",
                code="not_pdf",
                params={"kind": kind},
            )
        raise ValidationError(
            "This file is not a PDF (it does not start like one). Save or export it as PDF and upload that.",
            code="not_pdf",
        )
    if b"%%EOF" not in tail:
        raise ValidationError(
            "This PDF is incomplete: its end is missing (perhaps the download or upload was cut short). "
            "Export it again and retry.",
            code="truncated",
        )
