"""Erasing a person from the outbox by the keyed hashes of their addresses: every row to any
address they ever had, whatever it was about, and their opt-outs."""

import pytest

from core.contacts import contact_digest
from notifications import services
from notifications.models import Notification, Suppression
from tests.migrating import migrate_to, migrated_back_to

pytestmark = pytest.mark.django_db


def test_rows_and_opt_outs_carry_the_keyed_hash_of_their_recipient(queue):
    one = queue(to=" Ada@Example.TEST ")
    many = services.queue_emails(
        [
            services.Email(
                kind="tests.many", to="bo@example.test", template="notifications_test/hello"
            ),
        ]
    )
    sms = services.queue_sms(
        kind="tests.sms", to="+45 20 30 40 50", template="notifications_test/hello"
    )
    services.opt_out(recipient="ADA@example.test", category="reminder")
    assert many == 1
    assert one.recipient_digest == contact_digest("ada@example.test")
    assert Notification.objects.get(kind="tests.many").recipient_digest == contact_digest(
        "bo@example.test"
    )
    # The same number however it is written.
    assert sms.recipient_digest == contact_digest("20304050")
    assert Suppression.objects.get().recipient_digest == contact_digest("ada@example.test")


def test_scrub_recipients_erases_every_message_to_the_addresses(queue, about):
    old = queue(to="old@example.test", about=about, context={"name": "Gammelnavn"})
    new = queue(to="new@example.test", kind="tests.other", context={"name": "Nytnavn"})
    other = queue(to="someone@example.test", context={"name": "Andenperson"})
    services.opt_out(recipient="old@example.test", category="reminder")

    count = services.scrub_recipients(
        [contact_digest("old@example.test"), contact_digest("NEW@example.test"), ""]
    )

    assert count == 2
    for row in (old, new):
        row.refresh_from_db()
        assert (row.recipient, row.recipient_digest, row.subject) == ("[erased]", "", "[erased]")
        assert (row.body_text, row.body_html) == ("", "")
        assert row.idempotency_key == f"erased:{row.pk}"
        assert row.status == Notification.Status.CANCELLED
    other.refresh_from_db()
    assert "Andenperson" in other.body_text
    assert not Suppression.objects.exists()
    assert services.scrub_recipients([]) == 0


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_hash_of_rows_written_before(settings):
    with migrated_back_to("notifications", "0003_recipient_digest") as old:
        Old = old.get_model("notifications", "Notification")
        OldSuppression = old.get_model("notifications", "Suppression")
        for i, recipient in enumerate(["mette@mail.dk", "+4520304050", "mette@mail.dk"]):
            Old.objects.create(recipient=recipient, kind="old", idempotency_key=f"old:{i}")
        OldSuppression.objects.create(recipient="mette@mail.dk", category="reminder")
        migrate_to("notifications", "0004_fill_recipient_digest")
    digests = dict(Notification.objects.values_list("idempotency_key", "recipient_digest"))
    assert digests == {
        "old:0": contact_digest("Mette@Mail.dk"),
        "old:1": contact_digest("20 30 40 50"),
        "old:2": contact_digest("mette@mail.dk"),
    }
    assert Suppression.objects.get().recipient_digest == contact_digest("mette@mail.dk")
