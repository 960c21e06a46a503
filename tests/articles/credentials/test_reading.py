"""What c2pa's Reader makes of a file, in the words editors and readers see: signed, unsigned, tampered."""

import io

import c2pa
import pytest
from PIL import Image as PILImage

from articles.credentials.reading import claims_in_words, read_credentials
from articles.credentials.vocabulary import IPTC_SOURCE_TYPE_BASE
from tests.articles.credentials.conftest import agency_picture, tampered
from tests.factories import jpeg_bytes


def test_an_unsigned_picture_has_no_credentials():
    assert read_credentials(jpeg_bytes(), mime="image/jpeg") is None
    assert claims_in_words(None) == []


def test_a_signed_picture_reads_in_plain_words(settings, agency_chain):
    settings.C2PA_TRUST_ANCHORS = agency_chain.root
    summary = read_credentials(agency_picture(agency_chain), mime="image/jpeg")
    assert summary["state"] == "Trusted" and summary["problems"] == []
    assert dict(claims_in_words(summary)) == {
        "Signed by": "Wire Agency (Wire Agency pictures)",
        "Made by": "Jo Lens",
        "Credit": "Wire Agency/Jo Lens",
        "What it is": "Photograph taken with a digital camera",
        "What was done": "Created",
        "Signature": "Intact, from a certificate on the trust list",
    }


def test_a_signer_off_the_trust_list_is_intact_but_not_trusted(settings, agency_chain):
    settings.C2PA_TRUST_ANCHORS = ""
    summary = read_credentials(agency_picture(agency_chain), mime="image/jpeg")
    assert summary["state"] == "Valid"
    assert dict(claims_in_words(summary))["Signature"] == "Intact"


def test_a_tampered_picture_is_reported_as_such(settings, agency_chain):
    settings.C2PA_TRUST_ANCHORS = agency_chain.root
    original = agency_picture(agency_chain)
    changed = tampered(original)
    with PILImage.open(io.BytesIO(changed)) as probe:
        probe.load()  # still a picture anyone can open: only the credentials tell
    summary = read_credentials(changed, mime="image/jpeg")
    assert summary["state"] == "Invalid"
    assert "assertion.dataHash.mismatch" in summary["problems"]
    assert dict(claims_in_words(summary))["Signature"] == "Not intact: the picture was changed after it was signed"


@pytest.mark.parametrize("junk", [b"", b"not a picture at all", b"\xff\xd8\xff\xeb" + b"\x00" * 64])
def test_unreadable_files_never_raise(junk):
    summary = read_credentials(junk, mime="image/jpeg")
    assert summary is None or summary["state"] == "Invalid"


def test_a_file_pointing_to_credentials_elsewhere_is_not_fetched(settings, publisher_chain):
    created = {"action": "c2pa.created", "digitalSourceType": IPTC_SOURCE_TYPE_BASE + "digitalCapture"}
    manifest = {
        "claim_generator_info": [{"name": "Desk", "version": "1"}],
        "assertions": [{"label": "c2pa.actions", "data": {"actions": [created]}}],
    }
    info = c2pa.C2paSignerInfo(b"es256", publisher_chain.chain.encode(), publisher_chain.key.encode(), None)
    out = io.BytesIO()
    with (
        c2pa.Context.from_dict({}, c2pa.Signer.from_info(info)) as context,
        c2pa.Builder(manifest, context) as builder,
    ):
        builder.set_no_embed()
        builder.set_remote_url("http://192.0.2.1/elsewhere.c2pa")  # TEST-NET: any attempt would hang, not pass
        builder.sign("image/jpeg", io.BytesIO(jpeg_bytes()), out)
    summary = read_credentials(out.getvalue(), mime="image/jpeg")
    assert summary["state"] == "Unverified"
    assert dict(claims_in_words(summary)) == {
        "Signature": "Not checked: the file points to credentials kept at another address, which were not fetched"
    }
