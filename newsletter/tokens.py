"""Signed tokens in the links we email: confirmation (expiring) and management (lasting).

No login: whoever holds the link of a mailbox may manage that mailbox's
subscription. The token is the credential, so the views that accept it need
no CSRF token (a forger would have to know it, and then needs no forgery).
"""

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

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


LINK_SALT = "newsletter.link"
CLICKER_SALT = "newsletter.clicker"
CLICKER_MAC_SALT = "newsletter.clicker-mac"
UNSUBSCRIBE_ISSUE_SALT = "newsletter.unsubscribe-issue"


def _mac(salt, value, length):
    return salted_hmac(salt, value).hexdigest()[:length]


def link_token(issue_id, link_id) -> str:
    """The token of one stored link of one issue: `<issue>-<link>-<mac>`, short enough for any mail client."""
    return f"{issue_id}-{link_id}-{_mac(LINK_SALT, f'{issue_id}.{link_id}', 20)}"


def read_link_token(token) -> tuple[int, int]:
    """(issue id, link id) of a link token; TokenError if it was altered or made up."""
    issue, _, rest = (token or "").partition("-")
    link, _, mac = rest.partition("-")
    if not (issue.isdigit() and link.isdigit() and len(issue) < 12 and len(link) < 12):
        raise TokenError("not a link token")
    if not constant_time_compare(mac, _mac(LINK_SALT, f"{int(issue)}.{int(link)}", 20)):
        raise TokenError("the link token was altered")
    return int(issue), int(link)


def clicker_tag(issue_id, subscriber, *, personal=False) -> str:
    """The per-recipient part of the tracked links of one issue.

    Anonymous (the default): `a` + a pseudonym that is different in every
    issue + a MAC, so a made-up tag is not counted. With the subscriber's
    consent (`personal`): `p` + their id + a MAC, so the click is recorded
    with them.
    """
    value = f"p{subscriber.pk}" if personal else "a" + _mac(CLICKER_SALT, f"{issue_id}:{subscriber.key.hex}", 16)
    return f"{value}x{_mac(CLICKER_MAC_SALT, f'{issue_id}:{value}', 10)}"


def read_clicker_tag(issue_id, tag) -> tuple[str, str] | None:
    """("a", pseudonym) or ("p", subscriber id) for a genuine tag of this issue; None otherwise."""
    value, _, mac = (tag or "").partition("x")
    if len(value) < 2 or len(value) > 20 or value[0] not in "ap" or not value[1:].isalnum():
        return None
    if not constant_time_compare(mac, _mac(CLICKER_MAC_SALT, f"{issue_id}:{value}", 10)):
        return None
    if value[0] == "p" and not value[1:].isdigit():
        return None
    return value[0], value[1:]


def unsubscribe_issue_token(issue_id) -> str:
    """Carried by an issue's unsubscribe links, so the issue that made someone leave can be counted."""
    return signing.Signer(salt=UNSUBSCRIBE_ISSUE_SALT).sign(str(issue_id))


def read_unsubscribe_issue_token(value) -> int | None:
    try:
        issue = signing.Signer(salt=UNSUBSCRIBE_ISSUE_SALT).unsign(value or "")
    except signing.BadSignature:
        return None
    return int(issue) if issue.isdigit() else None


OPEN_SALT = "newsletter.open"


def open_token(issue_id) -> str:
    """The token of an issue's open-counting image (NEWSLETTER_TRACK_OPENS): the issue only, nobody's."""
    return f"{issue_id}-{_mac(OPEN_SALT, str(issue_id), 16)}"


def read_open_token(token) -> int | None:
    issue, _, mac = (token or "").partition("-")
    if issue.isdigit() and len(issue) < 12 and constant_time_compare(mac, _mac(OPEN_SALT, str(int(issue)), 16)):
        return int(issue)
    return None
