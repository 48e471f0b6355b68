"""Fill `recipient_digest` for the messages and opt-outs written before it existed.

The digest is the one core.contacts.contact_digest computes (HMAC-SHA256 with
CONTACT_DIGEST_KEY over the normalised address: e-mail case-folded, phone in E.164, Danish by
default). It is copied here rather than imported, so this migration keeps its meaning if that
module changes."""

import hashlib
import hmac

import phonenumbers
from django.conf import settings
from django.db import migrations


def _normalise(value: str) -> str:
    text = (value or "").strip()
    if "@" in text:
        return text.casefold()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, "DK")
    except phonenumbers.NumberParseException:
        return text
    if not phonenumbers.is_possible_number(number):
        return text
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _digest(value: str) -> str:
    normal = _normalise(value)
    if not normal:
        return ""
    key = settings.CONTACT_DIGEST_KEY.encode()
    return hmac.new(key, normal.encode(), hashlib.sha256).hexdigest()


def fill(apps, schema_editor):
    for name in ("Notification", "Suppression"):
        model = apps.get_model("notifications", name)
        recipients = (
            model.objects.filter(recipient_digest="")
            .exclude(recipient__in=["", "[erased]"])
            .order_by()
            .values_list("recipient", flat=True)
            .distinct()
        )
        for recipient in list(recipients.iterator()):
            model.objects.filter(recipient=recipient, recipient_digest="").update(
                recipient_digest=_digest(recipient)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_recipient_digest"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
