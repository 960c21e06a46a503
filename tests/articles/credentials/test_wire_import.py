"""A wire story imported with `import_ninjs`: its picture's agency manifest is kept and chained into ours."""

import io
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from articles.models import Article
from tests.articles.credentials.conftest import agency_picture, read_store
from tests.articles.importing.fixtures import _import_settings, headlines, write  # noqa: F401
from tests.articles.importing.material import SAMPLES

pytestmark = pytest.mark.django_db


def test_an_imported_wire_picture_keeps_its_manifest_as_our_parent(headlines, write, signing, agency_chain, settings):  # noqa: F811
    settings.IMAGE_RENDITION_WIDTHS = [320]
    write("wire-picture.jpg", agency_picture(agency_chain, width=1280, height=720))
    doc = json.loads((SAMPLES / "ninjs" / "story-1x.json").read_text())
    path = write("story.json", json.dumps(doc))
    out = io.StringIO()
    call_command("import_ninjs", str(path), stdout=out)
    assert "1 created" in out.getvalue()
    image = Article.objects.get().hero_image
    assert image.source_credentials["signer"] == "Wire Agency"
    assert image.source_credentials["state"] == "Trusted"
    with default_storage.open(image.renditions["jpeg"]["320"], "rb") as fh:
        state, store = read_store(fh.read(), "image/jpeg", trust_root=signing.root + agency_chain.root)
    assert state == "Trusted"
    manifest = store["manifests"][store["active_manifest"]]
    parent = store["manifests"][manifest["ingredients"][0]["active_manifest"]]
    assert parent["signature_info"]["issuer"] == "Wire Agency"
