"""Storing a submission and the two emails it causes (staff notice, sender acknowledgement)."""

import hashlib
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

from portal.models import Submission

logger = logging.getLogger(__name__)


def ip_hash(ip: str) -> str:
    """A keyed hash of the address: the same source is recognisable, the address is not stored."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:submission:{ip}".encode()).hexdigest() if ip else ""


def notify_addresses():
    """SUBMISSIONS_NOTIFY_EMAILS, else the ADMINS and MANAGERS, else DEFAULT_FROM_EMAIL."""
    if settings.SUBMISSIONS_NOTIFY_EMAILS:
        return list(settings.SUBMISSIONS_NOTIFY_EMAILS)
    people = [email for _name, email in [*settings.ADMINS, *settings.MANAGERS]]
    return list(dict.fromkeys(people)) or [settings.DEFAULT_FROM_EMAIL]


def one_line(text, limit=150):
    """Reader text for an email header: no line breaks (header injection), bounded."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def submission_create(*, kind, data, attachment=None, request_meta=None) -> Submission:
    """Store a submission; after the commit, email staff and acknowledge the sender.

    `data` holds the cleaned form fields (name, email, subject, message and the
    kind's own: award_category); `request_meta` the client's "ip".
    """
    request_meta = request_meta or {}
    submission = Submission(
        kind=kind,
        name=data["name"],
        email=data["email"],
        subject=data["subject"],
        message=data["message"],
        award_category=data.get("award_category"),
        ip_hash=ip_hash(request_meta.get("ip", "")),
    )
    if attachment:
        submission.attachment_name = one_line(attachment.name, 255)
        # Stored under a neutral name: the sender's file name is only recorded, never used as a path.
        extension = "pdf" if attachment.read(5).startswith(b"%PDF-") else "docx"
        attachment.seek(0)
        submission.attachment.save(f"submission.{extension}", attachment, save=False)
    with transaction.atomic():
        submission.save()
        transaction.on_commit(lambda: submission_notify(submission=submission))
    return submission


def _send(subject, template, to, context, reply_to=None):
    body = render_to_string(template, context)
    EmailMessage(subject=subject, body=body, to=to, reply_to=reply_to).send()


def submission_notify(*, submission):
    """Send the staff notice and the acknowledgement; a failure is logged and recorded, never raised.

    The emails are plain text: the reader's words reach staff exactly as
    typed, and nothing in them can run as HTML in a mail client.
    """
    context = {
        "submission": submission,
        "site_name": settings.SITE_NAME,
        "admin_url": settings.SITE_URL + submission.get_admin_url(),
    }
    flags = {}
    kind = submission.get_kind_display()
    try:
        _send(
            f"[{settings.SITE_NAME}] {kind}: {one_line(submission.subject)}",
            "emails/submissions/staff_notice.txt",
            notify_addresses(),
            context,
            reply_to=[submission.email],
        )
        flags["staff_notified"] = True
    except Exception:
        logger.exception("Could not email staff about submission %s", submission.pk)
    try:
        _send(
            f"We received your {kind.lower()} | {settings.SITE_NAME}",
            "emails/submissions/acknowledgement.txt",
            [submission.email],
            context,
        )
        flags["sender_acknowledged"] = True
    except Exception:
        logger.exception("Could not acknowledge submission %s to its sender", submission.pk)
    if flags:
        Submission.objects.filter(pk=submission.pk).update(**flags)
