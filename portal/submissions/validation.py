"""Uploads checked by what they contain, not by their name: a renamed executable is refused."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

# How many bytes from the end of a PDF to look for %%EOF: the specification
# allows trailing whitespace and some writers add a little junk after it.
PDF_TAIL = 2048


def _read(upload, start, length, whence=0):
    upload.seek(start, whence)
    data = upload.read(length)
    upload.seek(0)
    return data


def is_pdf(upload) -> bool:
    """A PDF header at the start and %%EOF near the end (a truncated PDF has none)."""
    if not _read(upload, 0, 5).startswith(b"%PDF-"):
        return False
    size = upload.size
    return b"%%EOF" in _read(upload, max(0, size - PDF_TAIL), PDF_TAIL)


def zip_names(upload):
    """The member names of a ZIP archive, or None if it is not one."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)


def is_docx(upload) -> bool:
    """A Word document: a ZIP with the OOXML content types and the document part."""
    names = zip_names(upload)
    return bool(names) and {"[Content_Types].xml", "word/document.xml"} <= names


def sniff_type(upload):
    """ "pdf", "docx", "zip", "png", "jpeg" or None, by content."""
    head = _read(upload, 0, 8)
    if head.startswith(b"%PDF-"):
        return "pdf" if is_pdf(upload) else None
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        if is_docx(upload):
            return "docx"
        return "zip" if zip_names(upload) is not None else None
    return None


def _check_size(upload, max_mb):
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(
            "The file is %(size)s; the largest we accept is %(max)s.",
            code="too_large",
            params={"size": filesizeformat(upload.size), "max": filesizeformat(max_mb * 1024 * 1024)},
        )


def validate_attachment(upload):
    """A submission's attachment: a real PDF or DOCX within SUBMISSION_ATTACHMENT_MAX_MB."""
    _check_size(upload, settings.SUBMISSION_ATTACHMENT_MAX_MB)
    if sniff_type(upload) not in ("pdf", "docx"):
        raise ValidationError(
            "Attach a PDF or a Word (.docx) document. This file is neither, or it is damaged or incomplete.",
            code="bad_type",
        )


def validate_media_kit_file(upload):
    """A media kit download: PDF, ZIP (a DOCX is a ZIP too), PNG or JPEG within AWARDS_MEDIA_KIT_MAX_MB."""
    if getattr(upload, "_committed", False):
        return  # stored, so checked when it was uploaded: re-saving the form must not fetch it from the storage
    _check_size(upload, settings.AWARDS_MEDIA_KIT_MAX_MB)
    if sniff_type(upload) is None:
        raise ValidationError("Upload a PDF, ZIP, PNG or JPEG file; this one is none of those.", code="bad_type")
