"""Log lines for a problem that repeats on every request (a service that is down): once a minute, with a count."""

import logging
import threading
import time

from django.conf import settings

_lock = threading.Lock()
_seen = {}  # (logger name, key) -> [time of the last line written, occurrences not written]


def reset():
    """Forget every problem seen (a fresh process; tests start each case with it)."""
    with _lock:
        _seen.clear()


class ThrottledLog:
    """One logger whose recurring messages are written at most once per OUTAGE_LOG_SECONDS each.

    Each problem has a `key` (e.g. "cache:redis://10.0.0.5:6379/0"); while it
    keeps happening the log gets one line per interval saying how many times it
    happened since the last line, not one line per request. The state is per
    process, which is what an operator reading one process's log needs.
    """

    def __init__(self, name):
        self.logger = logging.getLogger(name)

    def warning(self, key, message, *args, exc_info=None):
        """Log `message` now if `key` was not logged in the last interval; else only count it."""
        now = time.monotonic()
        key = (self.logger.name, key)
        with _lock:
            last, skipped = _seen.get(key, (None, 0))
            if last is not None and now - last < settings.OUTAGE_LOG_SECONDS:
                _seen[key] = [last, skipped + 1]
                return False
            _seen[key] = [now, 0]
        if skipped:
            message = f"{message} (and {skipped} more time(s) since the last report)"
        self.logger.warning(message, *args, exc_info=exc_info)
        return True

    def resolved(self, key, message, *args):
        """Log `message` once when `key`'s problem is over, and forget the key."""
        with _lock:
            state = _seen.pop((self.logger.name, key), None)
        if state is None:
            return False
        if state[1]:
            message = f"{message} ({state[1]} occurrence(s) since the last report)"
        self.logger.info(message, *args)
        return True
