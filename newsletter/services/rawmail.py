"""An issue's MIME bytes built once, personalised by substitution, sent over a reused smtplib connection.

Django's EmailMessage builds and serialises the whole MIME tree for every
recipient; at a million recipients that was most of the send. Here Django
builds it once per "shape" (the lengths of the personal values) with
placeholders of exactly those lengths, so header folding and body encoding
come out the same, and each recipient's bytes are the template with their
values put in. Every template is checked once against a message Django
built for a real recipient (same bytes but the MIME boundary and the Date);
a shape that does not match, and any value outside the plain alphabets
below, is sent the ordinary way instead.
"""

import contextlib
import logging
import re
import smtplib
import time
from email.utils import formatdate

from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address

# Characters that neither quoted-printable nor header folding ever change, and no '.', '=' or spaces.
SAFE_TOKEN = re.compile(r"[A-Za-z0-9_:-]+\Z")
SAFE_ADDRESS = re.compile(r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\Z")
SAFE_MESSAGE_ID = re.compile(r"<[A-Za-z0-9._-]+@[A-Za-z0-9.-]+>\Z")
MAX_HEADER_VALUE = 60  # "Message-ID: " + value stays under 78 characters: never folded
FIELDS = ("token", "clicker", "message_id", "email", "date")
BOUNDARY = re.compile(rb'boundary="(=+\d+==)"')
DATE_LINE = re.compile(rb"\r\nDate: ([^\r]+)\r\n")
LINE_DOT = re.compile(rb"\r\n\.")
logger = logging.getLogger(__name__)


def placeholder(name, length) -> str:
    """A run of letters of exactly `length` that no rendered issue contains."""
    stem = f"QXZ{name.upper().replace('_', '')}Q"
    return (stem + "Z" * length)[:length] if length >= len(stem) + 2 else None


class RawIssueMail:
    """Per-recipient MIME bytes of one IssueEmail, equal to what Django's message() would serialise."""

    def __init__(self, email):
        self.email = email
        self.templates = {}  # shape (lengths) -> list of literal bytes and field names, or None (send by Django)
        self.date = (0, "")

    def bytes_for(self, *, email, token, message_id, clicker, stuffed=False):
        """The message's bytes (CRLF line ends; dot-stuffed for DATA if asked), or None: this recipient needs Django.

        Stuffing is done once on the template: no value starts a line or holds a line break.
        """
        values = {"token": token, "clicker": clicker, "message_id": message_id, "email": email, "date": self.now()}
        if not (
            SAFE_TOKEN.match(token) and SAFE_TOKEN.match(clicker) and SAFE_ADDRESS.match(email)
            and SAFE_MESSAGE_ID.match(message_id) and len(email) <= MAX_HEADER_VALUE
            and len(message_id) <= MAX_HEADER_VALUE
        ):  # fmt: skip
            return None
        shape = tuple(len(values[name]) for name in FIELDS)
        if shape not in self.templates:
            self.templates[shape] = self.build(values)
        template = self.templates[shape]
        if template is None:
            return None
        parts = template[1] if stuffed else template[0]
        return b"".join(values[part].encode("ascii") if isinstance(part, str) else part for part in parts)

    def now(self) -> str:
        """The Date header, formatted once a second (formatdate is not free)."""
        second = int(time.time())
        if self.date[0] != second:
            self.date = (second, formatdate(localtime=settings.EMAIL_USE_LOCALTIME))
        return self.date[1]

    def django_bytes(self, values) -> bytes:
        message = self.email.message_for(
            email=values["email"], token=values["token"], message_id=values["message_id"], clicker=values["clicker"]
        )
        return message.message().as_bytes(linesep="\r\n")

    def build(self, sample):
        """The template for the shape of `sample`, checked against Django's own bytes for it (None: no match)."""
        marks = {name: placeholder(name, len(sample[name])) for name in ("token", "clicker")}
        if None in marks.values():
            return None
        if len(sample["email"]) < 12 or len(sample["message_id"]) < 14:
            return None
        marks["email"] = "x" * (len(sample["email"]) - len("@q.invalid")) + "@q.invalid"
        marks["message_id"] = "<" + "y" * (len(sample["message_id"]) - len("<@q.invalid>")) + "@q.invalid>"
        raw = self.django_bytes(marks)
        raw = self.normal(raw, sample["date"])
        if raw is None:
            return None
        marks_bytes = [re.escape(marks[name].encode()) for name in marks] + [b"QXZDATEQ"]
        pattern = re.compile(b"|".join(marks_bytes))
        names = {marks[name].encode(): name for name in marks} | {b"QXZDATEQ": "date"}
        template, at = [], 0
        for found in pattern.finditer(raw):
            template += [raw[at : found.start()], names[found.group()]]
            at = found.end()
        template.append(raw[at:])
        mine = b"".join(sample[p].encode("ascii") if isinstance(p, str) else p for p in template)
        theirs = self.normal(self.django_bytes(sample), sample["date"], boundary=BOUNDARY.search(raw))
        if theirs is None or mine != theirs:
            shape = tuple(len(sample[name]) for name in FIELDS)
            logger.warning("Issue %s: no byte template for shape %s; sent through Django", self.email.issue.pk, shape)
            return None
        stuffed = [part if isinstance(part, str) else LINE_DOT.sub(b"\r\n..", part) for part in template]
        if isinstance(stuffed[0], bytes) and stuffed[0].startswith(b"."):
            stuffed[0] = b"." + stuffed[0]
        return template, stuffed

    @staticmethod
    def normal(raw, date, boundary=None):
        """Django's bytes with the Date marked and, for a comparison, the template's boundary."""
        found = DATE_LINE.search(raw)
        if not found or raw.find(b"\r\n\r\n") < found.start():
            return None
        raw = raw[: found.start(1)] + b"QXZDATEQ" + raw[found.end(1) :]
        if boundary is not None:
            theirs = BOUNDARY.search(raw)
            if not theirs:
                return None
            raw = raw.replace(theirs.group(1), boundary.group(1))
            raw = raw.replace(b"QXZDATEQ", date.encode("ascii"))
        return raw


def raw_smtp(backend):
    """The open smtplib connection behind Django's SMTP backend, or None for any other backend."""
    if type(backend) is not SMTPBackend:
        return None
    backend.open()
    return backend.connection


def envelope_sender(from_email) -> str:
    """What Django's SMTP backend gives smtplib as the sender (computed once per worker, not per message)."""
    return sanitize_address(from_email, settings.DEFAULT_CHARSET)


def pipelining(smtp) -> bool:
    smtp.ehlo_or_helo_if_needed()
    return smtp.has_extn("pipelining")


def send_raw(smtp, from_addr, to_email, data, *, pipelined):
    """One SMTP transaction; pipelined (RFC 2920: MAIL, RCPT and DATA in one write) when the server offers it.

    `data` is dot-stuffed when pipelined (smtplib stuffs it otherwise).
    Raises what smtplib.sendmail raises, after the same RSET or close.
    """
    if not pipelined:
        smtp.sendmail(from_addr, [to_email], data)
        return
    size = f" size={len(data)}" if smtp.has_extn("size") else ""
    smtp.send(f"MAIL FROM:<{from_addr_only(from_addr)}>{size}\r\nRCPT TO:<{to_email}>\r\nDATA\r\n".encode("ascii"))
    mail, rcpt, go = smtp.getreply(), smtp.getreply(), smtp.getreply()
    # A server that took DATA although MAIL or RCPT failed gets an empty message ended.
    if go[0] == 354 and (mail[0] != 250 or rcpt[0] not in (250, 251)):
        smtp.send(b".\r\n")
        smtp.getreply()
    if mail[0] != 250:
        smtp.close() if mail[0] == 421 else reset(smtp)
        raise smtplib.SMTPSenderRefused(mail[0], mail[1], from_addr)
    if rcpt[0] not in (250, 251):
        smtp.close() if rcpt[0] == 421 else reset(smtp)
        raise smtplib.SMTPRecipientsRefused({to_email: rcpt})
    if go[0] != 354:
        reset(smtp)
        raise smtplib.SMTPDataError(*go)
    smtp.send(data + (b".\r\n" if data.endswith(b"\r\n") else b"\r\n.\r\n"))
    done = smtp.getreply()
    if done[0] != 250:
        smtp.close() if done[0] == 421 else reset(smtp)
        raise smtplib.SMTPDataError(*done)


def from_addr_only(address):
    from email.utils import parseaddr

    return parseaddr(address)[1] or address


def reset(smtp):
    with contextlib.suppress(smtplib.SMTPServerDisconnected):
        smtp.rset()
