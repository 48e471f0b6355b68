"""One person is one participant per organisation (issue 13).

Schema: the merge record, and e-mail/phone fields that store their normal form. Data: every
participant's e-mail address is case-folded and every phone number stored in E.164 (Danish when
it has no country code); then the participants of one organisation that share an e-mail address
or a phone number are merged into the oldest of them, so that the next migration can add the
unique constraints without failing on a production database that already holds duplicates.

The merge here is a copy of what participants/merging.py does (a migration must not import live
code): every row that points at the removed record is moved to the kept one, found by walking
the historical Participant's related objects (no other app's model is named). A row that would
break a unique constraint on the kept record (both enrolled in one cohort, both with an active
consent to one purpose) is deleted with what hangs on it, and the kept record's row stays. The
removed record's e-mail and phone are kept on the survivor as keyed hashes, and a MergeRecord
without a user says the migration did it. The dependencies on the latest matching and courses
migrations are there so that their tables (which point at participants) are in this state.
"""

import hashlib
import hmac

import django.db.models.deletion
import django.utils.timezone
import phonenumbers
from django.conf import settings
from django.db import migrations, models

import core.fields


def _normal_email(value):
    return (value or "").strip().casefold()


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


def _digest(value):
    key = (getattr(settings, "CONTACT_DIGEST_KEY", "") or settings.SECRET_KEY).encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def _unique_keys(model, fk_name):
    """(other fields, condition) of each unique rule on `model` that includes `fk_name`."""
    keys = []
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        if isinstance(constraint, models.UniqueConstraint) and fk_name in fields:
            keys.append(([f for f in fields if f != fk_name], constraint.condition))
    for together in model._meta.unique_together:
        if fk_name in together:
            keys.append(([f for f in together if f != fk_name], None))
    return keys


def _merge(apps, survivor, duplicate, Participant, MergeRecord, ContactHistory):
    moved, left_out = {}, {}
    for rel in Participant._meta.related_objects:
        model, fk = rel.related_model, rel.field.name
        if rel.many_to_many or model is MergeRecord and fk != "survivor":
            continue
        label = model._meta.label_lower
        keys = _unique_keys(model, fk)
        for row in model._base_manager.filter(**{fk: duplicate}):
            clash = False
            for fields, condition in keys:
                own = model._base_manager.filter(pk=row.pk)
                if condition is not None and not own.filter(condition).exists():
                    continue
                theirs = model._base_manager.filter(
                    **{fk: survivor},
                    **{f: getattr(row, model._meta.get_field(f).attname) for f in fields},
                )
                if condition is not None:
                    theirs = theirs.filter(condition)
                if theirs.exists():
                    clash = True
                    break
            if clash:
                row.delete()
                left_out[label] = left_out.get(label, 0) + 1
            else:
                model._base_manager.filter(pk=row.pk).update(**{fk: survivor})
                moved[label] = moved.get(label, 0) + 1
    for field in Participant._meta.many_to_many:
        getattr(survivor, field.name).add(*getattr(duplicate, field.name).all())
    for kind, value in (("email", duplicate.email), ("phone", duplicate.phone)):
        if value:
            ContactHistory.objects.get_or_create(
                participant=survivor, digest=_digest(value), defaults={"kind": kind}
            )
    changed = []
    for name in ("last_name", "contact_note", "birth_year", "municipality_id"):
        if getattr(survivor, name) in ("", None) and getattr(duplicate, name) not in ("", None):
            setattr(survivor, name, getattr(duplicate, name))
            changed.append(name)
    duplicate_number, email, phone = duplicate.pk, duplicate.email, duplicate.phone
    duplicate.delete()
    for name, value in (("email", email), ("phone", phone)):
        if value and not getattr(survivor, name):
            setattr(survivor, name, value)
            changed.append(name)
    if changed:
        survivor.save(update_fields=changed)
    MergeRecord.objects.create(
        survivor=survivor,
        organisation_id=survivor.organisation_id,
        duplicate_number=duplicate_number,
        moved=moved,
        left_out=left_out,
    )


def normalise_and_merge(apps, schema_editor):
    Participant = apps.get_model("participants", "Participant")
    MergeRecord = apps.get_model("participants", "MergeRecord")
    ContactHistory = apps.get_model("participants", "ContactHistory")
    for participant in Participant._base_manager.only("pk", "email", "phone").iterator():
        email, phone = _normal_email(participant.email), _normal_phone(participant.phone)
        if (email, phone) != (participant.email, participant.phone):
            Participant._base_manager.filter(pk=participant.pk).update(email=email, phone=phone)

    # Group the records of one organisation that share an e-mail address or a phone number
    # (a chain counts: A and B share an address, B and C a number), oldest first.
    rows = list(
        Participant._base_manager.filter(anonymised_at__isnull=True)
        .order_by("created_at", "pk")
        .values_list("pk", "organisation_id", "email", "phone")
    )
    position = {pk: i for i, (pk, *_rest) in enumerate(rows)}
    parent = {pk: pk for pk in position}

    def root(pk):
        while parent[pk] != pk:
            pk = parent[pk]
        return pk

    first_with = {}
    for pk, organisation_id, email, phone in rows:
        for key in (("email", organisation_id, email), ("phone", organisation_id, phone)):
            if not key[2]:
                continue
            if key not in first_with:
                first_with[key] = pk
                continue
            a, b = root(first_with[key]), root(pk)
            if a != b:  # the older record is the root of the group
                older, newer = sorted((a, b), key=position.get)
                parent[newer] = older
    groups = {}
    for pk in position:
        groups.setdefault(root(pk), []).append(pk)
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=position.get)
        survivor = Participant._base_manager.get(pk=members[0])
        for pk in members[1:]:
            duplicate = Participant._base_manager.get(pk=pk)
            _merge(apps, survivor, duplicate, Participant, MergeRecord, ContactHistory)
            survivor.refresh_from_db()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_organisation_municipalities_served"),
        ("participants", "0012_participant_gender"),
        ("privacy", "0002_retention_task_name"),
        ("matching", "0007_match_and_meeting_list_indexes"),
        ("courses", "0009_programme_peer_support_form"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MergeRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "duplicate_number",
                    models.PositiveBigIntegerField(verbose_name="removed record's number"),
                ),
                (
                    "merged_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="merged"),
                ),
                ("moved", models.JSONField(blank=True, default=dict, verbose_name="moved")),
                ("left_out", models.JSONField(blank=True, default=dict, verbose_name="left out")),
            ],
            options={
                "verbose_name": "merge of duplicate records",
                "verbose_name_plural": "merges of duplicate records",
                "ordering": ["-merged_at"],
            },
        ),
        migrations.AlterField(
            model_name="participant",
            name="email",
            field=core.fields.EmailAddressField(
                blank=True, db_index=True, max_length=254, verbose_name="e-mail address"
            ),
        ),
        migrations.AlterField(
            model_name="participant",
            name="phone",
            field=core.fields.PhoneField(blank=True, max_length=30, verbose_name="phone"),
        ),
        migrations.AddField(
            model_name="mergerecord",
            name="merged_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="merged by",
            ),
        ),
        migrations.AddField(
            model_name="mergerecord",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.AddField(
            model_name="mergerecord",
            name="survivor",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="merge_records",
                to="participants.participant",
                verbose_name="kept record",
            ),
        ),
        migrations.RunPython(normalise_and_merge, migrations.RunPython.noop, elidable=False),
    ]
