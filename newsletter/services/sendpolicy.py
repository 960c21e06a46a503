"""How a send treats failures and pace: transient or permanent, the backoff, the shared rate limit."""

import smtplib
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache

from portal.web.resilientcache import CacheUnavailable

HARD_BOUNCE_CODES = {550, 551, 553}


@dataclass
class Failure:
    transient: bool
    message: str
    reconnect: bool = False
    hard_bounce: bool = False


def classify(error) -> Failure:
    """Transient (4xx, lost connection: retry later) or permanent (5xx: give up)."""
    try:
        text = f"{type(error).__name__}: {error}"[:500]
    except Exception:  # noqa: BLE001 - some exceptions cannot describe themselves
        text = type(error).__name__
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code = next(iter(error.recipients.values()))[0] if error.recipients else 550
        return Failure(transient=400 <= code < 500, message=text, hard_bounce=code in HARD_BOUNCE_CODES)
    if isinstance(error, smtplib.SMTPResponseException):
        code = error.smtp_code
        if code == 421:  # the server is closing the connection
            return Failure(transient=True, message=text, reconnect=True)
        return Failure(transient=not 500 <= code < 600, message=text, reconnect=not 400 <= code < 600)
    if isinstance(error, OSError):  # SMTPServerDisconnected, refused, timeouts, DNS
        return Failure(transient=True, message=text, reconnect=True)
    try:
        from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
    except ImportError:  # pragma: no cover - anymail is a requirement
        AnymailAPIError = AnymailRecipientsRefused = ()  # noqa: N806
    if isinstance(error, AnymailRecipientsRefused):
        return Failure(transient=False, message=text)
    if isinstance(error, AnymailAPIError):
        status = getattr(error, "status_code", None)
        return Failure(transient=status is None or status == 429 or status >= 500, message=text)
    # Anything else is most likely ours (a bug, a template); retried, but only NEWSLETTER_MAX_ATTEMPTS times.
    return Failure(transient=True, message=text)


def retry_delay(attempts) -> timedelta:
    """Exponential backoff: base, 2×base, 4×base ... capped."""
    seconds = settings.NEWSLETTER_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, settings.NEWSLETTER_RETRY_MAX_SECONDS))


class RateLimiter:
    """At most `rate` messages per second across all workers sharing the cache.

    A one-second window in Django's cache: with Redis it holds for every
    worker together; with the local-memory cache, per process.
    """

    def __init__(self, rate):
        self.rate = rate

    def wait(self):
        if not self.rate or self.rate <= 0:
            return
        while True:
            now = time.time()
            key = f"newsletter:send-rate:{int(now)}"
            cache.add(key, 0, 5)
            try:
                count = cache.incr(key)
            except ValueError:
                count = 1
            except CacheUnavailable:
                # No shared count while the cache is down: pace this worker alone to the rate.
                time.sleep(1 / self.rate)
                return
            if count <= self.rate:
                return
            time.sleep(max(0.001, 1 - (now % 1)))
