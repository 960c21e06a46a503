"""The signup boxes: `{% newsletter_signup "footer" %}` and friends, from cached lists."""

from django import template

from newsletter.forms import LOCATIONS
from newsletter.services.lists import default_lists, signup_lists
from portal.web.changes import NEWSLETTER_LISTS
from portal.web.pagecache import surrogate_keys_add

register = template.Library()

COPY = {
    # No template shows the band any more (it repeated the footer's form right below it); the
    # signup endpoint still accepts source=band from pages cached before that.
    "band": ("Subscribe to our newsletter", "Get the latest news and updates from our team."),
    "article": (
        "Get the news for free",
        "Why waste money on news and opinion when you can access them for free? "
        "Take advantage of our newsletter subscription and stay informed on the go!",
    ),
    "footer": ("Newsletter", "The day’s business and finance headlines in your inbox."),
}


def lists_for(context):
    """The cached lists, read once per response however many boxes the page has."""
    request = context.get("request")
    surrogate_keys_add(request, NEWSLETTER_LISTS)  # the page shows the lists: it is purged when they change
    lists = getattr(request, "_newsletter_lists", None)
    if lists is None:
        lists = signup_lists()
        if request is not None:
            request._newsletter_lists = lists
    return lists


@register.inclusion_tag("newsletter/includes/signup_box.html", takes_context=True)
def newsletter_signup(context, location):
    """A compact signup form: email and a button; it subscribes to the default list(s)."""
    lists = lists_for(context)
    heading, text = COPY[location]
    return {
        "location": location,
        "prefix": LOCATIONS[location],
        "heading": heading,
        "text": text,
        "defaults": default_lists(lists),
    }


@register.simple_tag(takes_context=True)
def newsletter_available(context):
    """Whether a signup box would show anything, so wrappers can be left out too."""
    return bool(default_lists(lists_for(context)))
