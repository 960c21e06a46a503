"""Signed tokens in the links we email: confirmation (expiring) and management (lasting).

No login: whoever holds the link of a mailbox may manage that mailbox's
subscription. The token is the credential, so the views that accept it need
no CSRF token (a forger would have to know it, and then needs no forgery).
"""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
MANAGE_SALT = "newsletter.manage"


class TokenError(Exception):
    """The link is damaged or not ours."""


class TokenExpired(TokenError):
    """The link was ours but is too old."""


def confirm_token(consent):
    """A link that activates the signup request `consent` (a ConsentRecord)."""
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(consent.pk))


def read_confirm_token(token) -> int:
    """The ConsentRecord id in a confirmation token."""
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=settings.NEWSLETTER_CONFIRM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise TokenExpired(str(error)) from error
    except signing.BadSignature as error:
        raise TokenError(str(error)) from error
    if not value.isdigit():
        raise TokenError("not a confirmation token")
    return int(value)


def manage_token(subscriber):
    """The lasting personal link of a subscriber: preferences and unsubscribe.

    It does not expire: RFC 8058 and common decency want an unsubscribe link
    in an old email to keep working.
    """
    return signing.Signer(salt=MANAGE_SALT).sign(subscriber.key.hex)


def read_manage_token(token) -> str:
    """The subscriber key (hex) in a management token."""
    try:
        value = signing.Signer(salt=MANAGE_SALT).unsign(token)
    except signing.BadSignature as error:
        raise TokenError(str(error)) from error
    if len(value) != 32:
        raise TokenError("not a subscriber key")
    return value
