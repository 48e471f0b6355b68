"""A guide's phone number is stored in E.164 like a participant's (core.fields.PhoneField): the
existing numbers are parsed (Danish without a country code); one that does not parse is left as
it was, for a coordinator to correct."""

import phonenumbers
from django.db import migrations

import core.fields


def _normal_phone(value):
    text = (value or "").strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, "DK")
    except phonenumbers.NumberParseException:
        return text
    if not phonenumbers.is_possible_number(number):
        return text
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_phones(apps, schema_editor):
    PeerGuide = apps.get_model("volunteers", "PeerGuide")
    for guide in PeerGuide._base_manager.exclude(phone="").only("pk", "phone").iterator():
        phone = _normal_phone(guide.phone)
        if phone != guide.phone:
            PeerGuide._base_manager.filter(pk=guide.pk).update(phone=phone)


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0005_application_source"),
    ]

    operations = [
        migrations.AlterField(
            model_name="peerguide",
            name="phone",
            field=core.fields.PhoneField(blank=True, max_length=30, verbose_name="phone"),
        ),
        migrations.RunPython(normalise_phones, migrations.RunPython.noop, elidable=False),
    ]
