"""Embedding the publisher's C2PA manifest in each rendition (on when C2PA_SIGNING_CERT and _KEY are set)."""

import io
import logging

import c2pa
from django.conf import settings

from articles.credentials.reading import pem_setting
from articles.credentials.vocabulary import IPTC_SOURCE_TYPE_BASE, source_type_term

log = logging.getLogger(__name__)

# Our renditions are small already: a thumbnail of each inside its own manifest would double a 320px copy.
BUILDER_SETTINGS = {
    "builder": {"thumbnail": {"enabled": False}},
    "verify": {"remote_manifest_fetch": False, "ocsp_fetch": False},
}


def signing_enabled():
    return bool(settings.C2PA_SIGNING_CERT and settings.C2PA_SIGNING_KEY)


def _signer():
    info = c2pa.C2paSignerInfo(
        settings.C2PA_SIGNING_ALG.encode(),
        pem_setting(settings.C2PA_SIGNING_CERT).encode(),
        pem_setting(settings.C2PA_SIGNING_KEY).encode(),
        settings.C2PA_TSA_URL.encode() if settings.C2PA_TSA_URL else None,
    )
    return c2pa.Signer.from_info(info)


def publisher_manifest(image, *, title, mime, actions, source_type=""):
    """The manifest definition of one rendition: who publishes it, what was done, the credit."""
    term = source_type_term(image.digital_source_type) or source_type
    opened = {"action": "c2pa.opened", "parameters": {"ingredientIds": ["original"]}}
    if term:
        opened["digitalSourceType"] = IPTC_SOURCE_TYPE_BASE + term
    work = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "publisher": {"@type": "Organization", "name": settings.PUBLISHER_NAME},
    }
    if image.credit:
        work["creditText"] = image.credit
    return {
        "claim_generator_info": [{"name": settings.SITE_NAME, "version": "1"}],
        "title": title,
        "format": mime,
        "assertions": [
            {"label": "c2pa.actions", "data": {"actions": [opened, *({"action": a} for a in actions)]}},
            {"label": "stds.schema-org.CreativeWork", "data": work},
        ],
    }


class RenditionSigner:
    """Signs the renditions of one picture, each with the uploaded original chained as its parent ingredient.

    The original's own manifest (a wire agency's, a camera's), if it has one,
    comes along inside the ingredient, so a reader's verifier sees the whole
    chain. A signing failure (a wrong key, an expired certificate) leaves the
    rendition unsigned and is recorded in `error` for the image admin, rather
    than failing the editor's upload.
    """

    def __init__(self, image, original, original_mime, *, source_type=""):
        self.image, self.original, self.original_mime = image, original, original_mime
        self.source_type = source_type
        self.error = ""
        self.sidecar = False
        self.context = None
        if signing_enabled():
            try:
                self.context = c2pa.Context.from_dict(BUILDER_SETTINGS, _signer())
            except (c2pa.C2paError, OSError) as error:
                self._failed(error)

    def _failed(self, error):
        log.warning("content credentials not signed for image %s: %s", self.image.pk, error)
        self.error = f"Not signed: {error}"[:300]

    @property
    def active(self):
        return self.context is not None and not self.error

    def sign(self, data, mime, *, title, actions, sidecar_url=""):
        """(rendition bytes, sidecar manifest bytes or None) for one rendition.

        The manifest is embedded unless it is larger than C2PA_EMBED_MAX_BYTES
        (a wire agency's chain can carry its own 100+ KiB thumbnail, which
        would multiply a small rendition's weight for every reader): then this
        and every later rendition of the picture get a sidecar `.c2pa` file at
        `sidecar_url` instead, which the rendition names in its XMP.
        Unchanged data and None when signing is off or failed.
        """
        if not self.active:
            return data, None
        if not self.sidecar:
            signed, manifest = self._sign(data, mime, title, actions)
            if manifest is None or len(manifest) <= settings.C2PA_EMBED_MAX_BYTES:
                return signed, None
            self.sidecar = True
        return self._sign(data, mime, title, actions, sidecar_url=sidecar_url)

    def _sign(self, data, mime, title, actions, sidecar_url=""):
        manifest = publisher_manifest(self.image, title=title, mime=mime, actions=actions, source_type=self.source_type)
        signed = io.BytesIO()
        try:
            with c2pa.Builder(manifest, self.context) as builder:
                ingredient = {"title": "original", "relationship": "parentOf", "label": "original"}
                builder.add_ingredient(ingredient, self.original_mime, io.BytesIO(self.original))
                if sidecar_url:
                    builder.set_no_embed()
                    builder.set_remote_url(sidecar_url)
                store = builder.sign(mime, io.BytesIO(data), signed)
        except c2pa.C2paError as error:
            self._failed(error)
            return data, None
        return signed.getvalue(), (store if sidecar_url else bytes(store))

    def close(self):
        if self.context is not None:
            self.context.close()
