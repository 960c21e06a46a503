"""The emails: confirmation, and issues rendered once and personalised per recipient."""

from email.utils import parseaddr
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import salted_hmac

from newsletter.tokens import confirm_token, link_token, open_token, unsubscribe_issue_token

#: Stands in for the subscriber's token while an issue is rendered once; only
#: letters, so no escaping or URL encoding can change it.
TOKEN_PLACEHOLDER = "NLPERSONALTOKENNL"
#: The same for the per-recipient tag of tracked links (newsletter.tokens.clicker_tag).
CLICKER_PLACEHOLDER = "NLCLICKERTAGNL"
EMAIL_IMAGE_WIDTH = 552  # the 600px column less its padding


def absolute(url) -> str:
    """An absolute URL on SITE_URL (media on another host stays as it is)."""
    if url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}{url}"


def with_utm(url, campaign) -> str:
    """`url` with the configured UTM parameters and the issue's campaign name."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update(parse_qsl(settings.NEWSLETTER_UTM))
    if settings.NEWSLETTER_UTM:
        query.setdefault("utm_campaign", campaign)
    return urlunsplit(parts._replace(query=urlencode(query)))


def email_image(image, width=EMAIL_IMAGE_WIDTH):
    """(absolute JPEG url, width, height) for an email: the rendition nearest 600px.

    Mail clients do not read srcset or WebP reliably, so one JPEG it is,
    with its size in the tag so the layout does not jump while it loads.
    """
    if not image:
        return None
    sources = image.sources("jpeg")
    if sources:
        url, _ = min(sources, key=lambda s: (abs(s[1] - 600), -s[1]))
    else:
        url = image.file.url
    height = round(width * image.height / image.width) if image.width else None
    return {"url": absolute(url), "width": width, "height": height, "alt": image.alt_text}


def from_domain() -> str:
    return parseaddr(settings.NEWSLETTER_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


def message_id_for(issue_id, subscriber_id) -> str:
    """The Message-ID of one issue for one subscriber: stable, unguessable, unique.

    Derived, not random, so even a delivery row made again yields the same
    id, and mailbox providers collapse a copy re-sent after a crash.
    """
    digest = salted_hmac("newsletter.message-id", f"{issue_id}:{subscriber_id}").hexdigest()[:20]
    return f"<nl.{issue_id}.{subscriber_id}.{digest}@{from_domain()}>"


def unsubscribe_mailto() -> str:
    return settings.NEWSLETTER_UNSUBSCRIBE_MAILTO or f"unsubscribe@{from_domain()}"


def personal_links(token, issue_id=None) -> dict:
    """Preferences and unsubscribe; an issue's unsubscribe link names the issue, to count who it made leave."""
    unsubscribe = absolute(reverse("newsletter:unsubscribe", kwargs={"token": token}))
    if issue_id:
        unsubscribe += "?" + urlencode({"issue": unsubscribe_issue_token(issue_id)})
    return {
        "unsubscribe_url": unsubscribe,
        "preferences_url": absolute(reverse("newsletter:preferences", kwargs={"token": token})),
    }


def footer_context() -> dict:
    return {
        "site_name": settings.SITE_NAME,
        "publisher_name": settings.PUBLISHER_NAME,
        "postal_address": settings.NEWSLETTER_POSTAL_ADDRESS,
        "site_url": settings.SITE_URL,
        "newsletter_url": absolute(reverse("newsletter:index")),
    }


def confirmation_url(consent) -> str:
    """The absolute address of a signup request's confirmation page."""
    return absolute(reverse("newsletter:confirm", kwargs={"token": confirm_token(consent)}))


def confirmation_message(*, consent, subscriber) -> EmailMultiAlternatives:
    """The double opt-in mail: one link that (after a button press) activates the request."""
    context = {
        **footer_context(),
        "confirm_url": confirmation_url(consent),
        "list_names": consent.list_names,
        "already_active": subscriber.is_active,
        "valid_hours": settings.NEWSLETTER_CONFIRM_MAX_AGE // 3600,
    }
    subject = render_to_string("newsletter/email/confirmation_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject,
        render_to_string("newsletter/email/confirmation.txt", context),
        settings.NEWSLETTER_FROM_EMAIL,
        [subscriber.email],
    )
    message.attach_alternative(render_to_string("newsletter/email/confirmation.html", context), "text/html")
    return message


class IssueEmail:
    """An issue rendered once; `message_for()` personalises it per recipient.

    Rendering the templates for each of 100,000 recipients would dominate
    the send; the only per-recipient parts are the personal links, so they
    are a placeholder replaced in the finished text.
    """

    def __init__(self, issue, articles):
        from newsletter.services.issues import issue_cards

        self.issue = issue
        campaign = f"newsletter-{issue.newsletter_list.slug}-{issue.pk}"
        cards = issue_cards(articles, campaign=campaign, image=email_image)
        context = {
            **footer_context(),
            **personal_links(TOKEN_PLACEHOLDER, issue.pk),
            "issue": issue,
            "list_name": issue.newsletter_list.name,
            "intro_paragraphs": [p.strip() for p in issue.intro.split("\n\n") if p.strip()],
            "cards": cards,
            "view_url": with_utm(absolute(issue.get_absolute_url()), campaign),
        }
        context.update(email_links(issue, cards, context["view_url"], context["site_url"]))
        self.subject = issue.subject
        self.html = render_to_string("newsletter/email/issue.html", context)
        self.text = render_to_string("newsletter/email/issue.txt", context)
        self.list_id = f"{issue.newsletter_list.name} <{issue.newsletter_list.slug}.{from_domain()}>"

    def headers(self, token, message_id):
        unsubscribe = personal_links(token, self.issue.pk)["unsubscribe_url"]
        return {
            "Message-ID": message_id,
            # RFC 2369 + RFC 8058: the mailbox's own "Unsubscribe" button POSTs here.
            "List-Unsubscribe": f"<{unsubscribe}>, <mailto:{unsubscribe_mailto()}?subject=unsubscribe%20{token}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": self.list_id,
            "X-Newsletter-Issue": str(self.issue.pk),
        }

    def message_for(self, *, email, token, message_id, clicker="test", subject_prefix="") -> EmailMultiAlternatives:
        """The message for one recipient; `clicker` is their tag for tracked links (a test's counts nothing)."""
        message = EmailMultiAlternatives(
            f"{subject_prefix}{self.subject}",
            self.text.replace(TOKEN_PLACEHOLDER, token).replace(CLICKER_PLACEHOLDER, clicker),
            settings.NEWSLETTER_FROM_EMAIL,
            [email],
            headers=self.headers(token, message_id),
        )
        html = self.html.replace(TOKEN_PLACEHOLDER, token).replace(CLICKER_PLACEHOLDER, clicker)
        message.attach_alternative(html, "text/html")
        return message

    def preview_html(self):
        return self.html.replace(TOKEN_PLACEHOLDER, "preview").replace(CLICKER_PLACEHOLDER, "preview")

    def preview_text(self):
        return self.text.replace(TOKEN_PLACEHOLDER, "preview").replace(CLICKER_PLACEHOLDER, "preview")


def email_links(issue, cards, view_url, site_url) -> dict:
    """Every link of an issue's email, tracked through /newsletter/r/ once the issue is being sent.

    Sets `card["links"]` (image, headline, more) and returns the page-wide
    links. A draft's preview or test links straight to the site: its links
    are not stored until it goes out. The personal links (unsubscribe,
    preferences) are never tracked.
    """
    from newsletter.models import IssueLink
    from newsletter.services.clicks import issue_links_prepare

    Role = IssueLink.Role  # noqa: N806
    wanted = [(Role.SITE, site_url, None), (Role.WEB_VERSION, view_url, None)]
    for card in cards:
        article_id = card["article"].pk
        wanted += [(Role.IMAGE, card["url"], article_id)] if card["image"] else []
        wanted += [(Role.HEADLINE, card["url"], article_id), (Role.READ_MORE, card["url"], article_id)]
    ids = issue_links_prepare(issue, wanted) if issue.is_public else {}

    def link(role, url):
        if (role, url) not in ids:
            return url
        token = link_token(issue.pk, ids[role, url])
        return absolute(reverse("newsletter:click", kwargs={"token": token, "tag": CLICKER_PLACEHOLDER}))

    for card in cards:
        card["links"] = {
            "image": link(Role.IMAGE, card["url"]),
            "headline": link(Role.HEADLINE, card["url"]),
            "more": link(Role.READ_MORE, card["url"]),
        }
    opens = settings.NEWSLETTER_TRACK_OPENS and issue.is_public
    return {
        "site_link": link(Role.SITE, site_url),
        "view_link": link(Role.WEB_VERSION, view_url),
        "open_pixel_url": absolute(reverse("newsletter:open", kwargs={"token": open_token(issue.pk)})) if opens else "",
    }
