"""Certificates for the content-credentials tests, and wire pictures signed by an "agency"."""

import io
import json

import c2pa
import pytest

from tests.articles.credentials.certs import make_chain
from tests.factories import jpeg_bytes


@pytest.fixture(scope="session")
def publisher_chain():
    return make_chain("Test Newsroom")


@pytest.fixture(scope="session")
def agency_chain():
    return make_chain("Wire Agency")


@pytest.fixture
def signing(settings, publisher_chain, agency_chain, tmp_path):
    """Signing on with the throwaway chain (the key given as a path, the chain inline); both roots trusted."""
    key_path = tmp_path / "signing-key.pem"
    key_path.write_text(publisher_chain.key)
    settings.C2PA_SIGNING_CERT = publisher_chain.chain
    settings.C2PA_SIGNING_KEY = str(key_path)
    settings.C2PA_TRUST_ANCHORS = publisher_chain.root + agency_chain.root
    return publisher_chain


def agency_picture(chain, *, width=1600, height=900, source_type="digitalCapture", credit="Wire Agency/Jo Lens"):
    """A JPEG as a wire agency sends it: created by its photographer, signed by the agency."""
    manifest = {
        "claim_generator_info": [{"name": "Agency desk", "version": "7"}],
        "title": "wire.jpg",
        "assertions": [
            {
                "label": "c2pa.actions",
                "data": {
                    "actions": [
                        {
                            "action": "c2pa.created",
                            "digitalSourceType": f"http://cv.iptc.org/newscodes/digitalsourcetype/{source_type}",
                        }
                    ]
                },
            },
            {"label": "stds.schema-org.CreativeWork", "data": {"@context": "https://schema.org",
             "@type": "CreativeWork", "creditText": credit, "author": [{"@type": "Person", "name": "Jo Lens"}]}},
        ],
    }  # fmt: skip
    info = c2pa.C2paSignerInfo(b"es256", chain.chain.encode(), chain.key.encode(), None)
    out = io.BytesIO()
    settings = {"builder": {"thumbnail": {"enabled": False}}}
    with (
        c2pa.Context.from_dict(settings, c2pa.Signer.from_info(info)) as context,
        c2pa.Builder(manifest, context) as builder,
    ):
        builder.sign("image/jpeg", io.BytesIO(jpeg_bytes(width, height, (160, 60, 20))), out)
    return out.getvalue()


def read_store(data, mime, trust_root=None, *, fetch=False):
    """c2pa's own Reader on a file: (validation state, the manifest store as a dict).

    `fetch`: let it follow a link to a sidecar manifest over HTTP, as a verifier on the web does.
    """
    config = {"verify": {"remote_manifest_fetch": fetch}}
    if trust_root:
        config["trust"] = {"trust_anchors": trust_root}
    with c2pa.Context.from_dict(config) as context, c2pa.Reader(mime, io.BytesIO(data), context=context) as reader:
        return reader.get_validation_state(), json.loads(reader.json())


def tampered(data):
    """The same signed JPEG with its pictures' pixels changed (the manifest left as it was)."""
    scan = data.rindex(b"\xff\xda")  # the last start-of-scan: compressed pixels follow
    changed = bytearray(data)
    for offset in range(scan + 40, scan + 60):
        changed[offset] ^= 0x55
    return bytes(changed)
