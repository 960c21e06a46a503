"""The site's VAPID key pair: from the environment, or in development from a file made once (never in git)."""

import base64
import json
import logging
from typing import NamedTuple

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings

logger = logging.getLogger(__name__)
_loaded = {}


class VapidKeys(NamedTuple):
    #: base64url of the uncompressed P-256 point: the page's `applicationServerKey`.
    public: str
    #: base64url of the 32-byte private number, as pywebpush's `vapid_private_key` takes it.
    private: str
    #: `mailto:` or `https:` address the push services may contact (the JWT's `sub`).
    contact: str


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def keypair_generate() -> tuple[str, str]:
    """A new (public, private) VAPID pair, both base64url."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return b64url(public), b64url(key.private_numbers().private_value.to_bytes(32, "big"))


def contact() -> str:
    value = settings.WEBPUSH_CONTACT
    return value if value.startswith(("mailto:", "https:")) else f"mailto:{value}"


def vapid_keys() -> VapidKeys | None:
    """The key pair alerts are signed with, or None when there is none (the opt-in is then hidden, sending refused).

    The environment's WEBPUSH_VAPID_* win. Without them, and only where
    WEBPUSH_KEYS_FILE is set (development: DEBUG), the pair is read from
    that file, made on first use: `make run` shows the opt-in with nothing
    to configure, and the key stays the same across restarts, so browsers
    that subscribed keep receiving.
    """
    if settings.WEBPUSH_VAPID_PRIVATE_KEY and settings.WEBPUSH_VAPID_PUBLIC_KEY:
        return VapidKeys(settings.WEBPUSH_VAPID_PUBLIC_KEY, settings.WEBPUSH_VAPID_PRIVATE_KEY, contact())
    path = settings.WEBPUSH_KEYS_FILE
    if not path:
        return None
    if path in _loaded:  # every page shows the key: read the file once per process
        return _loaded[path]
    _loaded[path] = keys = _from_file(path)
    return keys


def _from_file(path) -> VapidKeys | None:
    try:
        stored = json.loads(path.read_text())
        return VapidKeys(stored["public"], stored["private"], contact())
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError):
        logger.exception("The development VAPID key file %s is unreadable; alerts are off", path)
        return None
    public, private = keypair_generate()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"public": public, "private": private}))
        path.chmod(0o600)
    except OSError:
        logger.exception("Could not store the development VAPID keys in %s; alerts are off", path)
        return None
    logger.info("Made a development VAPID key pair in %s", path)
    return VapidKeys(public, private, contact())
