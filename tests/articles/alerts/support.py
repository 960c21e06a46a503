"""Helpers of the alerts' tests."""

from articles.alerts.models import PushSubscription


def subscribe(browser, *sections):
    """Store `browser`'s subscription as the opt-in endpoint would."""
    subscription = PushSubscription.objects.create(endpoint=browser.endpoint, p256dh=browser.p256dh,
                                                   auth=browser.subscription_json()["keys"]["auth"])  # fmt: skip
    subscription.sections.set(sections)
    return subscription
