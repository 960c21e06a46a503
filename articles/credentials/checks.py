"""`manage.py check`: content-credentials settings that are half set or cannot sign (found at deploy, not upload)."""

import io

import c2pa
from django.conf import settings
from django.core import checks
from PIL import Image as PILImage

from articles.credentials.signing import BUILDER_SETTINGS, _signer
from articles.credentials.vocabulary import IPTC_SOURCE_TYPE_BASE


@checks.register("content_credentials")
def signing_settings_check(app_configs=None, **kwargs):
    """One of the certificate and the key without the other is a mistake, not "off"."""
    if bool(settings.C2PA_SIGNING_CERT) == bool(settings.C2PA_SIGNING_KEY):
        return []
    missing = "C2PA_SIGNING_KEY" if settings.C2PA_SIGNING_CERT else "C2PA_SIGNING_CERT"
    return [
        checks.Error(
            f"Content credentials are half configured: {missing} is not set, so no picture will be signed.",
            hint="Set both C2PA_SIGNING_CERT and C2PA_SIGNING_KEY (PEM text or paths), or neither.",
            id="articles.E101",
        )
    ]


@checks.register("content_credentials", deploy=True)
def signing_works_check(app_configs=None, **kwargs):
    """Sign a tiny picture with the configured chain, as every rendition will be."""
    if not (settings.C2PA_SIGNING_CERT and settings.C2PA_SIGNING_KEY):
        return []
    picture = io.BytesIO()
    PILImage.new("RGB", (16, 16), "white").save(picture, "JPEG")
    created = {"action": "c2pa.created", "digitalSourceType": IPTC_SOURCE_TYPE_BASE + "digitalCapture"}
    manifest = {
        "claim_generator_info": [{"name": settings.SITE_NAME, "version": "1"}],
        "assertions": [{"label": "c2pa.actions", "data": {"actions": [created]}}],
    }
    try:
        with (
            c2pa.Context.from_dict(BUILDER_SETTINGS, _signer()) as context,
            c2pa.Builder(manifest, context) as builder,
        ):
            builder.sign("image/jpeg", io.BytesIO(picture.getvalue()), io.BytesIO())
    except (c2pa.C2paError, OSError) as error:
        return [
            checks.Error(
                f"The content-credentials certificate and key cannot sign: {error}"[:500],
                hint="C2PA needs a CA-issued signing certificate (not self-signed, not a CA, with digital "
                "signature key usage and an accepted extended key usage), the chain leaf first, its matching "
                "private key, and C2PA_SIGNING_ALG naming the key's algorithm.",
                id="articles.E102",
            )
        ]
    return []
