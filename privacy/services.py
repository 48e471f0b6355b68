"""Data subject rights (GDPR art. 15, 17, 20): export everything about a participant, record who
looked, and erase a participant by anonymising in place.

What there is about a person is what the apps declare in the participant-data registry
(core/registry.py, each app's `holdings.py`, registered in its AppConfig.ready()): this module
iterates the declarations and names no other app's models, fields or statuses.

Erasure keeps every row, so the figures in reports still add up; what goes is what identifies the
person or is free text about them (each holding's `scrub`, `clear`, `erase`; a few holdings, such
as the hashed history of earlier addresses, are deleted); every message to any address or number
the person ever had (the current ones and the keyed hashes in their contact history, which also
holds the addresses of duplicates merged into them), whatever it was about, loses its address,
key, subject and texts, and so do messages *about* their rows to others
(notifications.services.scrub_recipients / scrub_about); their opt-outs go; the values and names
in the audit trail are scrubbed (core.audit.scrub_entries). First, each holding's `close` closes
what is still open for the person (a waiting request, a match, a course seat): nobody can reach
an anonymous person, and a seat held for them is someone else's. It comes first so that
everything it locks and writes, and whatever a concurrent request wrote before those locks, is
then anonymised and scrubbed with the rest.
"""

from __future__ import annotations

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from core import audit, registry
from core.registry import iso
from notifications.models import Notification
from notifications.services import scrub_about, scrub_recipients
from participants.links import PRIVACY_MAX_AGE, PRIVACY_PURPOSE
from participants.models import Participant
from participants.services import known_contact_digests
from privacy.models import AccessEvent

SELF_SERVICE_PURPOSE = PRIVACY_PURPOSE
SELF_SERVICE_MAX_AGE = PRIVACY_MAX_AGE


def related_rows(participant: Participant) -> list:
    """Every row about one participant that the apps declare (the participant's own row too)."""
    rows: list = []
    for holding in registry.holdings():
        rows.extend(holding.rows(participant.pk).order_by("pk"))
    return rows


# --- access --------------------------------------------------------------------------------------


def record_access(*, participant: Participant, actor, where: str, path: str = "") -> AccessEvent:
    """Note that someone opened a participant's data (admin page, match page, export)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AccessEvent.objects.create(
        participant=participant,
        organisation_id=participant.organisation_id,
        actor=user,
        where=where,
        path=path[:200],
    )


def on_data_opened(*, participant, actor, where, path="", **kwargs) -> None:
    """Receiver of core.registry.participant_data_opened (apps below privacy call
    `registry.data_opened`)."""
    record_access(participant=participant, actor=actor, where=where, path=path)


# --- export --------------------------------------------------------------------------------------


def messages_to(participant: Participant):
    """Every message sent to an address or number the participant has or ever had."""
    digests = known_contact_digests(participant)
    if not digests:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_digest__in=digests).order_by("created_at", "pk")


def messages_section(participant: Participant) -> list[dict]:
    return [
        {
            "created_at": iso(n.created_at),
            "sent_at": iso(n.sent_at),
            "channel": n.get_channel_display(),
            "status": n.get_status_display(),
            "subject": n.subject,
        }
        for n in messages_to(participant)
    ]


def access_section(participant: Participant) -> list[dict]:
    return [
        {"at": iso(e.at), "where": e.get_where_display()}
        for e in AccessEvent.objects.filter(participant=participant).order_by("at", "pk")
    ]


def export_participant(participant: Participant, *, by_participant: bool = False) -> dict:
    """Everything stored about a participant, as JSON-safe data (the self-service page and the
    admin's "Export as JSON" both use it): one section per declaration in the registry. Texts in
    the reader's active language. `by_participant`: the person's own export, which also holds
    the sections only they may read (their plan)."""
    data: dict = {"exported_at": iso(timezone.now())}
    for section in registry.export_sections():
        if section.participant_only and not by_participant:
            continue
        value = section.build(participant)
        if value is not None:  # a section with nothing to say (no plan) is left out
            data[section.key] = value
    return data


def register() -> None:
    """What privacy itself holds about a participant (from PrivacyConfig.ready())."""
    registry.register(
        registry.Holding(
            model=AccessEvent,
            participant="participant",
            export="who_opened_your_data",
        )
    )
    registry.register_export("messages", build=messages_section, order=70)
    registry.register_export("who_opened_your_data", build=access_section, order=80)


# --- erasure -------------------------------------------------------------------------------------


def _erase_rows(participant_id: int, now) -> None:
    for holding in registry.holdings():
        rows = holding.rows(participant_id)
        if holding.erase is not None:
            holding.erase(rows, now)
        if holding.scrub:
            rows.update(**holding.scrub)
        if holding.clear:
            for row in rows:
                for name in holding.clear:
                    getattr(row, name).clear()


@transaction.atomic
def erase_participant(
    *, participant: Participant, actor=None, reason: str = "request"
) -> Participant:
    """Anonymise a participant in place (the right to erasure). Safe to run twice."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.anonymised_at:
        return participant
    for close in registry.closers():
        close(participant=participant, actor=actor)
    now = timezone.now()
    digests = known_contact_digests(participant)
    with disable_auditlog():
        # First the mark, so the row is never without both a way to reach and the mark.
        Participant.objects.filter(pk=participant.pk).update(anonymised_at=now)
        _erase_rows(participant.pk, now)
    participant.refresh_from_db()
    rows = related_rows(participant)
    scrub_recipients(digests)
    scrub_about(rows)
    audit.scrub_entries(rows)
    # Records of the same person merged into this one are gone, but their audit trail (made when
    # they were created and deleted) still names them.
    merged = participant.merge_records.values_list("duplicate_number", flat=True)
    audit.scrub_entries([Participant(pk=number) for number in merged], object_repr=audit.ERASED)
    with disable_auditlog():
        for holding in registry.holdings():
            if holding.delete:
                holding.rows(participant.pk).delete()
    _log_erasure(participant, actor=actor, at=now, reason=reason)
    return participant


def _log_erasure(participant: Participant, *, actor, at, reason: str) -> None:
    """One trail entry for the erasure itself (the change was made with the trail switched off,
    so that the old values are not written into it)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Participant),
        object_pk=str(participant.pk),
        object_id=participant.pk,
        object_repr=str(participant),
        action=LogEntry.Action.UPDATE,
        changes={"anonymised_at": ["None", at.isoformat()]},
        actor=user,
        actor_email=getattr(user, "email", None),
        additional_data={"reason": reason},
        timestamp=at,
    )
