"""A scripted email backend: fails on demand, so the pipeline's error handling can be tested."""

import threading

from django.core.mail.backends.base import BaseEmailBackend


class ScriptedBackend(BaseEmailBackend):
    """Like the locmem backend, but `ScriptedBackend.script[address]` holds exceptions to raise in turn.

    `ScriptedBackend.before_send(message)` runs before each message (e.g. to
    unsubscribe someone mid-send). Reset with `ScriptedBackend.reset()`.
    """

    sent = []
    script = {}
    before_send = None
    opened = 0
    lock = threading.Lock()

    @classmethod
    def reset(cls):
        cls.sent, cls.script, cls.before_send, cls.opened = [], {}, None, 0

    is_open = False

    def open(self):
        """Counts real opens: like the SMTP backend, opening an open connection is a no-op."""
        if self.is_open:
            return False
        self.is_open = True
        type(self).opened += 1
        return True

    def close(self):
        self.is_open = False

    def send_messages(self, messages):
        count = 0
        for message in messages:
            if type(self).before_send:
                type(self).before_send(message)
            errors = type(self).script.get(message.to[0])
            if errors:
                raise errors.pop(0)
            with type(self).lock:
                type(self).sent.append(message)
            count += 1
        return count
