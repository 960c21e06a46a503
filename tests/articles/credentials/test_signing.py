"""Renditions carry the publisher's signed manifest; wire manifests are kept and chained (c2pa's Reader checks)."""

import io
import json

import c2pa
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage

from articles.credentials.reading import claims_in_words, read_credentials
from tests.articles.credentials.conftest import agency_picture, read_store, tampered
from tests.factories import ImageFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def rendition_files(image):
    for fmt in ("jpeg", "webp"):
        for width, path in image.renditions[fmt].items():
            with default_storage.open(path, "rb") as fh:
                yield fmt, int(width), fh.read()


def active(store):
    return store["manifests"][store["active_manifest"]]


def assertion(manifest, prefix):
    return next(a["data"] for a in manifest["assertions"] if a["label"].startswith(prefix))


def test_every_rendition_is_signed_by_the_publisher(signing, settings):
    settings.IMAGE_RENDITION_WIDTHS = [320, 640]
    image = ImageFactory(
        file=ContentFile(jpeg_bytes(1200, 1200), name="square.jpg"),
        focal_x=0.5,
        focal_y=0.3,
        credit="Newsroom/Ann Snap",
        digital_source_type="digitalCapture",
    )
    files = list(rendition_files(image))
    assert sorted((fmt, w) for fmt, w, _ in files) == [("jpeg", 320), ("jpeg", 640), ("webp", 320), ("webp", 640)]
    for fmt, width, data in files:
        state, store = read_store(data, f"image/{fmt}", trust_root=signing.root)
        assert state == "Trusted", (fmt, width, store.get("validation_results"))
        manifest = active(store)
        assert manifest["signature_info"]["issuer"] == "Test Newsroom"
        actions = assertion(manifest, "c2pa.actions")["actions"]
        assert [a["action"] for a in actions] == ["c2pa.opened", "c2pa.cropped", "c2pa.resized", "c2pa.published"]
        assert actions[0]["digitalSourceType"] == "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
        work = assertion(manifest, "stds.schema-org.CreativeWork")
        assert work["publisher"]["name"] == settings.PUBLISHER_NAME
        assert work["creditText"] == "Newsroom/Ann Snap"
        # The upload had no credentials of its own: it is the parent, without a manifest.
        (ingredient,) = manifest["ingredients"]
        assert ingredient["relationship"] == "parentOf" and "active_manifest" not in ingredient
        assert len(data) == image.renditions["bytes"][fmt][str(width)]
    assert image.credentials["state"] == "Trusted"
    assert image.credentials["actions"] == ["c2pa.opened", "c2pa.cropped", "c2pa.resized", "c2pa.published"]
    assert image.source_credentials == {}


def test_a_picture_without_focal_point_is_not_called_cropped(signing, settings):
    settings.IMAGE_RENDITION_WIDTHS = [320]
    image = ImageFactory(file=ContentFile(jpeg_bytes(1600, 900), name="wide.jpg"))
    _, store = read_store(next(d for f, _, d in rendition_files(image) if f == "jpeg"), "image/jpeg")
    actions = [a["action"] for a in assertion(active(store), "c2pa.actions")["actions"]]
    assert actions == ["c2pa.opened", "c2pa.resized", "c2pa.published"]


def test_a_wire_manifest_is_kept_and_chained_as_the_parent(signing, agency_chain, settings):
    settings.IMAGE_RENDITION_WIDTHS = [640]
    image = ImageFactory(file=ContentFile(agency_picture(agency_chain), name="wire.jpg"), credit="Wire Agency/Jo Lens")
    kept = image.source_credentials
    assert kept["state"] == "Trusted" and kept["signer"] == "Wire Agency"
    assert kept["actions"] == ["c2pa.created"] and kept["digital_source_type"] == "digitalCapture"
    assert kept["credit"] == "Wire Agency/Jo Lens" and kept["authors"] == ["Jo Lens"]

    for fmt, _, data in rendition_files(image):
        state, store = read_store(data, f"image/{fmt}", trust_root=signing.root + agency_chain.root)
        assert state == "Trusted"
        manifest = active(store)
        (ingredient,) = manifest["ingredients"]
        parent = store["manifests"][ingredient["active_manifest"]]
        assert parent["signature_info"]["issuer"] == "Wire Agency"
        assert [a["action"] for a in assertion(parent, "c2pa.actions")["actions"]] == ["c2pa.created"]
        # The editor left the type empty: the agency's statement is carried on.
        opened = assertion(manifest, "c2pa.actions")["actions"][0]
        assert opened["digitalSourceType"].endswith("/digitalCapture")
    assert image.credentials["ingredients"][0]["signer"] == "Wire Agency"
    assert image.credentials["ingredients"][0]["valid"] is True


def test_the_editors_ai_statement_wins_over_the_wire(signing, agency_chain, settings):
    settings.IMAGE_RENDITION_WIDTHS = [320]
    image = ImageFactory(
        file=ContentFile(agency_picture(agency_chain), name="wire.jpg"),
        digital_source_type="compositeWithTrainedAlgorithmicMedia",
    )
    assert image.credentials["digital_source_type"] == "compositeWithTrainedAlgorithmicMedia"


def test_signing_is_off_when_unset_but_wire_manifests_are_still_read(settings, agency_chain):
    settings.C2PA_SIGNING_CERT = settings.C2PA_SIGNING_KEY = ""
    settings.IMAGE_RENDITION_WIDTHS = [320]
    image = ImageFactory(file=ContentFile(agency_picture(agency_chain), name="wire.jpg"))
    for fmt, _, data in rendition_files(image):
        assert c2pa.Reader.try_create(f"image/{fmt}", io.BytesIO(data)) is None
    assert image.credentials == {} and not image.has_credentials
    assert image.source_credentials["signer"] == "Wire Agency"
    assert image.source_credentials["state"] == "Valid"  # intact, but its root is not on a trust list here


def test_a_key_that_does_not_match_leaves_renditions_unsigned_with_a_message(signing, settings, agency_chain):
    settings.IMAGE_RENDITION_WIDTHS = [320]
    settings.C2PA_SIGNING_KEY = agency_chain.key  # not the certificate's key
    image = ImageFactory()
    assert image.renditions["jpeg"]["320"]
    assert image.credentials["error"].startswith("Not signed:")
    assert not image.has_credentials


def test_a_tampered_wire_picture_is_flagged_and_its_broken_chain_shown(signing, agency_chain, settings):
    settings.IMAGE_RENDITION_WIDTHS = [320]
    image = ImageFactory(file=ContentFile(tampered(agency_picture(agency_chain)), name="wire.jpg"))
    assert image.source_credentials["state"] == "Invalid"
    assert "assertion.dataHash.mismatch" in image.source_credentials["problems"]
    # Our own manifest is sound; the parent it chains says its signature no longer holds.
    assert image.credentials["state"] == "Trusted"
    (parent,) = image.credentials["ingredients"]
    assert parent["signer"] == "Wire Agency" and parent["valid"] is False
    # A type stated by a broken manifest is not carried on as ours.
    assert image.credentials["digital_source_type"] == ""


@pytest.mark.media
def test_a_large_chain_goes_into_sidecars_the_renditions_link_to(
    signing, agency_chain, settings, client, media_backend
):
    settings.IMAGE_RENDITION_WIDTHS = [320, 640]
    settings.C2PA_EMBED_MAX_BYTES = 2048  # below even our own manifest: every rendition gets a sidecar
    image = ImageFactory(file=ContentFile(agency_picture(agency_chain), name="wire.jpg"))
    assert sorted(image.renditions["manifests"]["jpeg"]) == ["320", "640"]
    for fmt, width, data in rendition_files(image):
        sidecar_path = image.renditions["manifests"][fmt][str(width)]
        assert sidecar_path == image.renditions[fmt][str(width)] + ".c2pa"
        sidecar_url = default_storage.url(sidecar_path)
        sidecar_url = sidecar_url if media_backend == "s3" else settings.SITE_URL + sidecar_url
        # The rendition names its sidecar (XMP provenance) and carries no manifest of its own...
        assert sidecar_url.encode() in data
        with pytest.raises(c2pa.C2paError, match="remote"):
            read_store(data, f"image/{fmt}")
        # ...which c2pa's Reader verifies against the rendition's bytes, with the chain inside.
        with default_storage.open(sidecar_path, "rb") as fh:
            sidecar = fh.read()
        with c2pa.Reader(f"image/{fmt}", io.BytesIO(data), manifest_data=sidecar) as reader:
            assert reader.get_validation_state() in ("Valid", "Trusted")
            store = json.loads(reader.json())
        assert store["manifests"][active(store)["ingredients"][0]["active_manifest"]]["signature_info"]["issuer"] == (
            "Wire Agency"
        )
        if media_backend == "s3":  # a verifier on the web follows the link to the bucket
            assert read_store(data, f"image/{fmt}", fetch=True)[0] == "Valid"
        else:
            response = client.get(default_storage.url(sidecar_path))
            assert response.status_code == 200 and response["Content-Type"] == "application/c2pa"
    assert image.credentials["state"] == "Trusted"
    assert image.credentials["ingredients"][0]["signer"] == "Wire Agency"


def noisy_jpeg(width=800, height=450):
    """A picture with detail, so each rendition has pixel data well past its headers."""
    buffer = io.BytesIO()
    PILImage.effect_noise((width, height), 80).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_tampered_rendition_is_reported_and_an_unsigned_one_has_none(signing, settings):
    settings.IMAGE_RENDITION_WIDTHS = [320]
    signed = {fmt: data for fmt, _, data in rendition_files(ImageFactory(file=ContentFile(noisy_jpeg(), name="n.jpg")))}
    # Change compressed pixels, never the manifest: past the JPEG's start-of-scan (the last one: the manifest's
    # bytes before it may hold FF DA, the stuffed scan data cannot), inside WebP's image chunk ("VP8 ", not the
    # "VP8X" header, after which the manifest's length, which varies with its signature, decides what is hit).
    webp = signed["webp"]
    image_chunk = webp.find(b"VP8 ") if b"VP8 " in webp else webp.index(b"VP8L")
    starts = {"jpeg": signed["jpeg"].rindex(b"\xff\xda") + 200, "webp": image_chunk + 200}
    for fmt, data in signed.items():
        assert read_credentials(data, mime=f"image/{fmt}")["state"] == "Trusted"
        changed = bytearray(data)
        for offset in range(starts[fmt], starts[fmt] + 8):
            changed[offset] ^= 0x5A
        summary = read_credentials(bytes(changed), mime=f"image/{fmt}")
        assert summary["state"] == "Invalid", fmt
        assert dict(claims_in_words(summary))["Signature"] == "Not intact: the picture was changed after it was signed"
    settings.C2PA_SIGNING_CERT = ""
    for fmt, _, data in rendition_files(ImageFactory()):
        assert read_credentials(data, mime=f"image/{fmt}") is None
