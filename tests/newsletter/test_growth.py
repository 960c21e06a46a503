"""The admin chart's numbers: joined, left and active per week."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsletter.models import ConsentRecord, Subscriber
from newsletter.services.growth import growth_svg, subscriber_growth
from tests.newsletter.factories import ConsentRecordFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def at(record, when):
    ConsentRecord.objects.filter(pk=record.pk).update(created_at=when)


def test_weekly_joined_left_and_active():
    now = timezone.now()
    stayed = SubscriberFactory()
    left = SubscriberFactory(status=Subscriber.Status.UNSUBSCRIBED)
    at(ConsentRecordFactory(subscriber=stayed, action="confirmed"), now - timedelta(weeks=2))
    at(ConsentRecordFactory(subscriber=left, action="confirmed"), now - timedelta(weeks=2))
    at(ConsentRecordFactory(subscriber=left, action="unsubscribed"), now)
    points = subscriber_growth(weeks=4, now=now)
    assert len(points) == 4
    assert [p["joined"] for p in points] == [0, 2, 0, 0]
    assert [p["left"] for p in points] == [0, 0, 0, 1]
    assert [p["active"] for p in points] == [0, 2, 2, 1]
    svg = growth_svg(points)
    assert svg.startswith("<svg") and "<title" in svg and svg.count("<rect") == 2
