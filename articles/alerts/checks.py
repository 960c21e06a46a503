"""`manage.py check`: a VAPID key pair that is half set or does not match is found at start, not at the first alert."""

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core import checks

from articles.alerts.keys import b64url, b64url_decode

HINT = "Run `manage.py webpush_keys` and set both lines it prints, or neither (alerts are then off)."


def public_of(private: str) -> str:
    """The base64url public key that belongs to a base64url private key (ValueError if it is not one)."""
    raw = b64url_decode(private)
    if len(raw) != 32:
        raise ValueError("not 32 bytes")
    key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    point = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return b64url(point)


@checks.register("alerts")
def vapid_keys_check(app_configs=None, **kwargs):
    public, private = settings.WEBPUSH_VAPID_PUBLIC_KEY, settings.WEBPUSH_VAPID_PRIVATE_KEY
    if not public and not private:
        return []
    if not (public and private):
        missing = "WEBPUSH_VAPID_PRIVATE_KEY" if public else "WEBPUSH_VAPID_PUBLIC_KEY"
        return [checks.Error(f"Breaking-news alerts are half configured: {missing} is not set.", hint=HINT,
                             id="articles.E111")]  # fmt: skip
    try:
        matches = public_of(private) == public
    except ValueError:
        return [checks.Error("WEBPUSH_VAPID_PRIVATE_KEY is not a base64url P-256 private key.", hint=HINT,
                             id="articles.E112")]  # fmt: skip
    if not matches:
        return [checks.Error("WEBPUSH_VAPID_PUBLIC_KEY is not the public half of WEBPUSH_VAPID_PRIVATE_KEY: "
                             "browsers would subscribe with a key no alert is signed with.", hint=HINT,
                             id="articles.E113")]  # fmt: skip
    return []
