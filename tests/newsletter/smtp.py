"""A real SMTP server (aiosmtpd) on 127.0.0.1 for tests, and the fixture that points Django at it.

Import `smtp_server` into a test module (or conftest) to use it.
"""

import email
import email.policy
import socket
import threading

import pytest


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """aiosmtpd handler: keeps every message, parsed; `on_data(mailbox)` runs before the 250 reply."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.on_data = None
        self.received = threading.Condition(self.lock)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
            self.received.notify_all()
        if self.on_data:
            self.on_data(self)
        return "250 Message accepted"

    def wait_for(self, count, timeout=10):
        with self.lock:
            return self.received.wait_for(lambda: len(self.messages) >= count, timeout)

    def to(self, address):
        return [m for m in self.messages if m["To"] == address]


class SMTPServer:
    def __init__(self):
        from aiosmtpd.controller import Controller

        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server; Django's mail goes to it over real SMTP."""
    server = SMTPServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield server
    server.stop()


def parts(message):
    """(plain text, html) of a parsed multipart/alternative message."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html
