"""PDF uploads are checked by content and size (articles/publications/pdf.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from articles.publications.pdf import validate_pdf
from tests.articles.publications.factories import pdf_bytes


def upload(content, name="file.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def error_code(content):
    with pytest.raises(ValidationError) as caught:
        validate_pdf(upload(content))
    return caught.value.code, caught.value.messages[0]


def test_a_real_pdf_passes():
    validate_pdf(upload(pdf_bytes()))


@pytest.mark.parametrize("version", [b"1.0", b"1.4", b"1.7", b"2.0"])
def test_every_pdf_version_header_passes(version):
    validate_pdf(upload(pdf_bytes().replace(b"%PDF-1.4", b"%PDF-" + version, 1)))


def test_trailing_whitespace_after_eof_is_fine():
    validate_pdf(upload(pdf_bytes() + b"\r\n\n   \n"))


def test_a_renamed_windows_program_is_refused():
    code, message = error_code(b"MZ\x90\x00\x03" + b"\x00" * 500)
    assert code == "not_pdf"
    assert "Windows program" in message


def test_a_renamed_linux_program_is_refused():
    code, message = error_code(b"\x7fELF\x02\x01\x01" + b"\x00" * 500)
    assert code == "not_pdf" and "program" in message


def test_a_zip_or_word_file_is_refused():
    code, message = error_code(b"PK\x03\x04" + b"\x00" * 200)
    assert code == "not_pdf" and "ZIP" in message


def test_plain_text_is_refused():
    code, message = error_code(b"Hello, this is not a PDF at all.\n%%EOF")
    assert code == "not_pdf" and "not a PDF" in message


def test_a_truncated_pdf_is_refused():
    whole = pdf_bytes()
    code, message = error_code(whole[: len(whole) // 2])
    assert code == "truncated"
    assert "incomplete" in message


def test_an_empty_file_is_refused():
    code, message = error_code(b"")
    assert code == "empty" and "empty" in message


@override_settings(PUBLICATION_PDF_MAX_MB=0.001)  # about 1 KB
def test_an_oversized_file_is_refused_with_the_limit_in_the_message():
    big = pdf_bytes().replace(b"%%EOF", b"%" + b"x" * 2000 + b"\n%%EOF")
    code, message = error_code(big)
    assert code == "too_large"
    assert "limit is 1.0" in message  # filesizeformat of ~1 KB


def test_a_header_that_is_only_similar_is_refused():
    code, _ = error_code(b"%PDF-9.9\n" + pdf_bytes()[9:])
    assert code == "not_pdf"
