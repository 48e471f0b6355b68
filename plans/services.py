"""Writes to the participant's own plan: sign-in (a single-use link, then a device session),
saving a section, share links, the course invitation, erasure."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.contacts import normalise_email, normalise_phone, parse_phone
from notifications.services import queue_email, queue_sms
from participants import links
from participants.models import Participant
from plans import sections
from plans.models import Plan, PlanSection, ShareLink, ShareView

SIGN_IN_PURPOSE = "plans.sign_in"
SIGN_IN_MAX_AGE = datetime.timedelta(minutes=15)
SESSION_SALT = "plans.session"
SESSION_MAX_AGE = datetime.timedelta(days=30)
SESSION_COOKIE = "peerplatform_plan"
SHARE_DEFAULT_DAYS = 30
SHARE_MAX_DAYS = 365


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- sign-in -------------------------------------------------------------------------------------


def make_sign_in_token(participant: Participant) -> str:
    """A single-use sign-in link's token (participants.links): it carries how many sign-in links
    the participant had used when it was made, and opens only while that is still the count."""
    return links.make_token(
        pk=participant.pk, purpose=SIGN_IN_PURPOSE, version=_links_used(participant)
    )


def _links_used(participant: Participant) -> int:
    used = Plan.objects.filter(participant=participant).values_list("links_used", flat=True)
    return next(iter(used), 0)


def sign_in_participants() -> QuerySet[Participant]:
    """Who a sign-in link can open for (not the erased), with the count of links they used
    (`sign_in_version`, the version a link must carry: `signed_link(version=...)`)."""
    return Participant.objects.filter(anonymised_at__isnull=True).annotate(
        sign_in_version=Coalesce("plan__links_used", 0)
    )


def sign_in_version(participant: Participant) -> int:
    return participant.sign_in_version


@transaction.atomic
def use_sign_in_link(*, participant: Participant, version: int) -> Plan:
    """Use a sign-in link made at `version` (once): the participant's plan, made now if they have
    none. Every earlier link dies with it, since each carries the count of links used when it was
    made. Raises `LinkError(USED)` when another link was used first."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    plan, _created = Plan.objects.get_or_create(
        participant=participant, defaults={"organisation_id": participant.organisation_id}
    )
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if version != plan.links_used:
        raise links.LinkError(links.USED)
    plan.links_used = F("links_used") + 1
    plan.last_signed_in_at = timezone.now()
    plan.save(update_fields=["links_used", "last_signed_in_at"])
    plan.refresh_from_db()
    return plan


def request_sign_in(*, contact: str) -> int:
    """Send a sign-in link to an e-mail address or a mobile number, if a participant has it.
    Says nothing about whether anyone has (the page reads the same either way); returns the
    number of links sent, for tests. At most one link a minute per person and address."""
    text = (contact or "").strip()
    if "@" in text:
        email, phone = normalise_email(text), ""
        found = Participant.objects.filter(email=email) if email else None
    else:
        # Phones are stored in E.164 (core.fields.PhoneField), however they were typed.
        email, phone = "", normalise_phone(text)
        found = Participant.objects.filter(phone=phone) if parse_phone(text) else None
    if found is None:
        return 0
    sent = 0
    slot = timezone.now().replace(second=0, microsecond=0).isoformat()
    for participant in found.filter(anonymised_at__isnull=True).select_related("organisation"):
        version = _links_used(participant)
        token = links.make_token(pk=participant.pk, purpose=SIGN_IN_PURPOSE, version=version)
        link = _absolute(reverse("plans:sign_in", kwargs={"token": token}))
        context = {
            "first_name": participant.first_name,
            "link": link,
            "organisation": participant.organisation.name,
            "minutes": int(SIGN_IN_MAX_AGE.total_seconds() // 60),
        }
        send = queue_email if email else queue_sms
        send(
            kind="plans.sign_in",
            to=email or phone,
            template="plans/email/sign_in",
            context=context,
            language=participant.language,
            about=participant,
            # Once a link is used, the next one asked for goes out at once.
            slot=f"{slot}.{version}",
        )
        sent += 1
    return sent


def session_value(plan: Plan) -> str:
    return signing.dumps({"p": plan.participant_id, "e": plan.session_epoch}, salt=SESSION_SALT)


def plan_from_session(value: str | None) -> Plan | None:
    """The plan a device's session cookie opens, or None (expired, signed out everywhere,
    tampered with, or the participant erased)."""
    if not value:
        return None
    try:
        data = signing.loads(value, salt=SESSION_SALT, max_age=SESSION_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    plan = (
        Plan.objects.select_related("participant")
        .filter(participant_id=data.get("p"), participant__anonymised_at__isnull=True)
        .first()
    )
    if plan is None or plan.session_epoch != data.get("e"):
        return None
    return plan


def sign_out_everywhere(*, plan: Plan) -> None:
    Plan.objects.filter(pk=plan.pk).update(session_epoch=F("session_epoch") + 1)


# --- the plan ------------------------------------------------------------------------------------


@transaction.atomic
def save_section(*, plan: Plan, key: str, data: dict) -> PlanSection:
    """Save one section as the form cleaned it (plans.forms.SectionForm)."""
    section = sections.get(key)
    if section is None:
        raise ValidationError(_("There is no such part of the plan."))
    clean = {p.key: data.get(p.key, sections.empty(section)[p.key]) for p in section.parts}
    now = timezone.now()
    row, _created = PlanSection.objects.update_or_create(
        plan=plan, key=key, defaults={"data": clean, "updated_at": now}
    )
    Plan.objects.filter(pk=plan.pk).update(updated_at=now)
    return row


# --- sharing -------------------------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewShare:
    link: ShareLink
    url: str


@transaction.atomic
def create_share_link(
    *, plan: Plan, section_keys: list[str], label: str = "", days: int = SHARE_DEFAULT_DAYS
) -> NewShare:
    keys = [s.key for s in sections.SECTIONS if s.key in set(section_keys)]
    if not keys:
        raise ValidationError(
            {"section_keys": _("Choose at least one part of your plan to share.")}
        )
    if not 1 <= days <= SHARE_MAX_DAYS:
        raise ValidationError(
            {"days": _("Choose between 1 and %(max)s days.") % {"max": SHARE_MAX_DAYS}}
        )
    token = secrets.token_urlsafe(24)
    now = timezone.now()
    link = ShareLink.objects.create(
        plan=plan,
        section_keys=keys,
        label=label.strip()[:100],
        token=token,
        token_digest=_digest(token),
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    return NewShare(link=link, url=link.url)


@transaction.atomic
def revoke_share_link(*, plan: Plan, link_id: int) -> ShareLink:
    link = ShareLink.objects.select_for_update().filter(plan=plan, pk=link_id).first()
    if link is None:
        raise ValidationError(_("That link does not exist."))
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def open_share_link(token: str) -> tuple[ShareLink | None, str]:
    """The link a token opens and a reason when it opens nothing ("invalid", "expired",
    "revoked"). Every opening is logged for the participant to see."""
    link = (
        ShareLink.objects.select_related("plan__participant")
        .filter(token_digest=_digest(token or ""), plan__participant__anonymised_at__isnull=True)
        .first()
    )
    if link is None:
        return None, "invalid"
    if link.revoked_at is not None:
        return None, "revoked"
    if link.expires_at <= timezone.now():
        return None, "expired"
    ShareView.objects.create(link=link)
    return link, ""


# --- courses: an invitation to start -------------------------------------------------------------


def invite_to_start(*, participants, about, start_url: str) -> int:
    """One message to each person, by their channel (e-mail, else text message), inviting them to
    start their plan. `about` is the object it is sent for (a cohort): sending twice for it sends
    nothing more. Returns how many were queued (or were already)."""
    count = 0
    for participant in participants:
        if participant.anonymised_at:
            continue
        context = {"first_name": participant.first_name, "link": start_url}
        common = {
            "kind": "plans.invitation",
            "template": "plans/email/invitation",
            "context": context,
            "language": participant.language,
            "about": about,
            "slot": f"participant-{participant.pk}",
        }
        if participant.email:
            queue_email(to=participant.email, **common)
        elif participant.phone:
            queue_sms(to=participant.phone, **common)
        else:
            continue
        count += 1
    return count
