"""The suppression list: service, CSV import and the `import_suppressions` command."""

import pytest
from django.core.management import call_command

from newsletter.models import Delivery, Suppression
from newsletter.services.suppressions import read_suppression_csv, suppression_add, suppressions_import
from tests.newsletter.factories import DeliveryFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def test_suppression_add_is_idempotent_and_stops_pending_deliveries():
    delivery = DeliveryFactory(subscriber=SubscriberFactory(email="x@example.com"))
    row, created = suppression_add(email=" X@Example.com ", reason=Suppression.Reason.COMPLAINT)
    assert created and row.email == "x@example.com"
    _, created = suppression_add(email="x@example.com", reason=Suppression.Reason.MANUAL)
    assert not created and Suppression.objects.get().reason == Suppression.Reason.COMPLAINT  # first reason kept
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SUPPRESSED


def test_read_csv_reasons_header_and_bad_lines():
    rows, invalid = read_suppression_csv("Email,Reason\na@example.com,Bounced\nb@example.com,spam,FBL\nnope\n\n")
    assert rows == [("a@example.com", "hard-bounce", ""), ("b@example.com", "complaint", "FBL")]
    assert invalid == ["line 4: 'nope' is not an email address"]


def test_import_counts_new_and_existing():
    Suppression.objects.create(email="old@example.com")
    result = suppressions_import(text="old@example.com\nnew@example.com\nnew@example.com\n")
    assert (result.added, result.already, result.invalid) == (1, 1, [])


def test_import_suppressions_command(tmp_path, capsys):
    path = tmp_path / "bounces.csv"
    path.write_text("email,reason\nc@example.com,bounce\nd@example.com,\nwrong\n")
    call_command("import_suppressions", str(path), "--reason", "complaint")
    out = capsys.readouterr()
    assert "2 address(es) suppressed" in out.out and "wrong" in out.err
    assert dict(Suppression.objects.values_list("email", "reason")) == {
        "c@example.com": "hard-bounce",
        "d@example.com": "complaint",
    }
