"""The byte templates of an issue and the pipelined SMTP send: the same bytes as Django's, on a real server."""

import logging
import re

import pytest
from django.utils import timezone

from newsletter.models import Delivery, Issue
from newsletter.services.delivery import issue_deliver
from newsletter.services.issues import issue_email
from newsletter.services.rawmail import RawIssueMail
from newsletter.tokens import clicker_tag, manage_token
from tests.newsletter.factories import IssueFactory, SubscriberFactory
from tests.newsletter.smtp import Mailbox, SMTPServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def sending(daily, article):
    people = [SubscriberFactory(email=f"reader{n}@example.com", lists=[daily]) for n in range(4)]
    people.append(SubscriberFactory(email="a.much.longer.address.of.a.reader@mail.example.co.uk", lists=[daily]))
    issue = IssueFactory(newsletter_list=daily, articles=[article], subject="Markets: a week of “surprises”")
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING, started_at=timezone.now())
    issue.refresh_from_db()
    return issue, people


def normal(raw):
    """Bytes with the MIME boundary and the Date made neutral (both differ in every Django message)."""
    boundary = re.search(rb'boundary="([^"]+)"', raw).group(1)
    raw = raw.replace(boundary, b"BOUNDARY")
    return re.sub(rb"\r\nDate: [^\r]+\r\n", b"\r\nDate: D\r\n", raw)


@pytest.mark.parametrize("personal", [False, True])
def test_template_bytes_equal_djangos_for_every_recipient(sending, personal):
    issue, people = sending
    rendered = issue_email(issue)
    raw = RawIssueMail(rendered)
    for n, person in enumerate(people):
        values = {
            "email": person.email,
            "token": manage_token(person),
            "message_id": f"<nl.{issue.pk}.{person.pk}.{n:020d}@news.example.com>",
            "clicker": clicker_tag(issue.pk, person, personal=personal),
        }
        mine = raw.bytes_for(**values)
        assert mine is not None
        theirs = rendered.message_for(**values).message().as_bytes(linesep="\r\n")
        assert normal(mine) == normal(theirs)
        # Dot-stuffed for a pipelined DATA, done once on the template: the same as smtplib's.
        assert raw.bytes_for(**values, stuffed=True) == re.sub(rb"(?m)^\.", b"..", mine)


def test_addresses_outside_the_plain_alphabet_go_through_django(sending):
    issue, people = sending
    raw = RawIssueMail(issue_email(issue))
    token, clicker = manage_token(people[0]), clicker_tag(issue.pk, people[0])
    for email in ("jörg@example.com", '"quoted name"@example.com', "x" * 70 + "@example.com"):
        assert raw.bytes_for(email=email, token=token, message_id="<a.b@c.d>", clicker=clicker) is None


class PipeliningMailbox(Mailbox):
    """An aiosmtpd handler that offers PIPELINING (aiosmtpd reads pipelined commands in order) and refuses one RCPT."""

    def __init__(self, refuse=()):
        super().__init__()
        self.refuse = set(refuse)
        self.ehlo_seen = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self.ehlo_seen += 1
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def pipelining(settings):
    server = SMTPServer()
    server.mailbox = PipeliningMailbox(refuse={"reader2@example.com"})
    server.controller.handler = server.mailbox
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield server
    server.stop()


def test_pipelined_send_delivers_each_message_once_and_records_a_refused_recipient(sending, pipelining, caplog):
    issue, people = sending
    with caplog.at_level(logging.WARNING, logger="newsletter.services.rawmail"):
        result = issue_deliver(issue=issue, batch_size=10)
    assert "no byte template" not in caplog.text
    assert result.sent == 4 and result.failed == 1
    box = pipelining.mailbox
    assert box.wait_for(4)
    assert sorted(m["To"] for m in box.messages) == sorted(p.email for p in people if p.email != "reader2@example.com")
    rows = {d.subscriber.email: d for d in Delivery.objects.filter(issue=issue).select_related("subscriber")}
    assert rows["reader2@example.com"].status == Delivery.Status.FAILED
    assert "550" in rows["reader2@example.com"].last_error
    for message in box.messages:
        row = rows[message["To"]]
        assert row.status == Delivery.Status.SENT and row.sent_at and row.attempt_started_at
        assert message["Message-ID"] == row.message_id
        assert manage_token(row.subscriber) in message["List-Unsubscribe"]
        assert message["Subject"] == issue.subject
    assert box.ehlo_seen == 1  # one connection for the batch, kept open after the refusal
