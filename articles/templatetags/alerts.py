"""The breaking-news alerts' opt-in: the site's VAPID public key for the page (articles/alerts)."""

from django import template

from articles.alerts.keys import vapid_keys

register = template.Library()


@register.simple_tag
def vapid_public_key():
    """The key browsers subscribe with, or "" when the site has none (the opt-in then does not render)."""
    keys = vapid_keys()
    return keys.public if keys else ""
