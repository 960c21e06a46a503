"""factory-boy factories for the newsletter's models."""

import factory
from django.utils import timezone
from django.utils.text import slugify

from newsletter.models import ConsentRecord, Delivery, Issue, IssueArticle, NewsletterList, Subscriber, Suppression
from newsletter.services.emails import message_id_for


class NewsletterListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsletterList
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"List {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = factory.LazyAttribute(lambda o: f"What {o.name} is about.")
    is_default = False
    is_active = True
    position = factory.Sequence(lambda n: n)


class SubscriberFactory(factory.django.DjangoModelFactory):
    """An active subscriber; pass lists=[...] to subscribe them."""

    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    status = Subscriber.Status.ACTIVE
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def lists(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.lists.add(*extracted)


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentRecord

    subscriber = factory.SubFactory(SubscriberFactory)
    action = ConsentRecord.Action.REQUESTED
    source = ConsentRecord.Source.PAGE
    wording_version = "test"


class SuppressionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suppression
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"suppressed{n}@example.com")
    reason = Suppression.Reason.HARD_BOUNCE


class IssueFactory(factory.django.DjangoModelFactory):
    """A draft issue; pass articles=[...] to put them in, in that order."""

    class Meta:
        model = Issue
        skip_postgeneration_save = True

    newsletter_list = factory.SubFactory(NewsletterListFactory)
    subject = factory.Sequence(lambda n: f"Morning briefing {n}")
    preheader = "Markets, banks and the week ahead."
    intro = "Good morning.\n\nHere is what matters today."

    @factory.post_generation
    def articles(obj, create, extracted, **kwargs):
        if create and extracted:
            for position, article in enumerate(extracted, start=1):
                IssueArticle.objects.create(issue=obj, article=article, position=position)


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    issue = factory.SubFactory(IssueFactory)
    subscriber = factory.SubFactory(SubscriberFactory)
    next_attempt_at = factory.LazyFunction(timezone.now)
    message_id = factory.LazyAttribute(lambda o: message_id_for(o.issue.pk, o.subscriber.pk))
