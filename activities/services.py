"""Every write about activities that has a rule: proposing and publishing, generating the dated
occurrences, cancelling one, and "Jeg kommer" with its confirmation link.

Occurrences are planned with `dateutil.rrule` on local wall-clock times (naive), and only then
given the Europe/Copenhagen zone, so "every Tuesday 10-12" stays 10-12 across the change to and
from summer time (the UTC time moves instead).
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from dateutil import rrule
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from activities.models import (
    WEEKS_AHEAD,
    Activity,
    ActivityPolicy,
    Follow,
    News,
    Occurrence,
    Rsvp,
)
from core import dates
from core.models import Organisation
from core.selectors import coordinators_of
from notifications.services import Message, messages_for, queue_email, queue_messages
from participants import links
from participants.models import Consent, Participant
from participants.services import ParticipantDetails, attach_or_register
from volunteers.models import PeerGuide

A = Activity.Status
R = Rsvp.Status

CONFIRM_PURPOSE = "activities.confirm"
CONFIRM_MAX_AGE = datetime.timedelta(days=14)
#: RSVPs that hold (coming) or may soon hold (pending) a place: they hear about a cancellation.
ANSWERED = (R.PENDING, R.COMING)

# --- occurrences -------------------------------------------------------------------------------


def _rule(activity: Activity, until: datetime.datetime):
    start = datetime.datetime.combine(activity.first_date, activity.start_time)
    if activity.repeat == Activity.Repeat.ONCE:
        return [start] if start <= until else []
    if activity.repeat == Activity.Repeat.MONTHLY:
        # "The second Thursday of the month", taken from the first date; a fifth becomes "last".
        nth = (activity.first_date.day - 1) // 7 + 1
        day = rrule.weekday(activity.first_date.weekday(), -1 if nth == 5 else nth)
        return rrule.rrule(rrule.MONTHLY, dtstart=start, until=until, byweekday=day)
    interval = 2 if activity.repeat == Activity.Repeat.FORTNIGHTLY else 1
    return rrule.rrule(rrule.WEEKLY, dtstart=start, until=until, interval=interval)


def planned_times(
    activity: Activity, *, today: datetime.date | None = None, weeks: int = WEEKS_AHEAD
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """(start, end) of every occurrence from `today` to `weeks` ahead, skipped dates left out."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(weeks=weeks)
    last = min(activity.until, horizon) if activity.until else horizon
    until = datetime.datetime.combine(last, datetime.time(23, 59, 59))
    skipped = set(activity.skip_dates or [])
    times = []
    for start in _rule(activity, until):
        day = start.date()
        if day < today or day.isoformat() in skipped:
            continue
        start, end = activity.start_time, activity.end_time
        times.append((dates.local_datetime(day, start), dates.local_datetime(day, end)))
    return times


@transaction.atomic
def generate_occurrences(
    *, activity: Activity, today: datetime.date | None = None, reason: str = ""
) -> int:
    """Bring a published activity's occurrences up to date for the next 12 weeks; returns how
    many were added. Safe to run twice (one occurrence per start, held by the database). A
    future occurrence that is no longer planned (a skipped date, a changed day) is removed, or,
    when someone said they would come, cancelled and they are told."""
    if activity.status != A.PUBLISHED:
        return 0
    planned = dict(planned_times(activity, today=today))
    now = timezone.now()
    existing = {
        o.starts_at: o
        for o in Occurrence.objects.select_for_update().filter(
            activity=activity, starts_at__gte=now
        )
    }
    for starts_at, occurrence in existing.items():
        if occurrence.is_cancelled:
            continue
        if starts_at not in planned:
            if occurrence.rsvps.filter(status__in=ANSWERED).exists():
                cancel_occurrence(
                    occurrence=occurrence,
                    reason=reason or _("The activity has moved to another day."),
                    actor=None,
                )
            else:
                occurrence.delete()
        elif occurrence.ends_at != planned[starts_at]:
            occurrence.ends_at = planned[starts_at]
            occurrence.save(update_fields=["ends_at"])
    new = [
        Occurrence(activity=activity, starts_at=start, ends_at=end)
        for start, end in planned.items()
        if start not in existing and start >= now
    ]
    Occurrence.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def generate_all(*, today: datetime.date | None = None) -> int:
    """The periodic job: roll every published activity's 12 weeks forward."""
    added = 0
    for activity in Activity.objects.filter(status=A.PUBLISHED):
        added += generate_occurrences(activity=activity, today=today)
    return added


# --- proposing and publishing ------------------------------------------------------------------


def guides_publish_directly(organisation) -> bool:
    return ActivityPolicy.objects.filter(
        organisation=organisation, guides_publish_directly=True
    ).exists()


def _check_activity(activity: Activity) -> None:
    """The model's check constraints (times, places, dates), with their own messages, and a
    place to meet unless it is online."""
    if not activity.is_online and not activity.place:
        raise ValidationError({"place": _("Write where you meet, or tick online.")})
    activity.validate_constraints()


@transaction.atomic
def propose_activity(
    *, guide: PeerGuide, activity: Activity, interests=(), co_hosts=()
) -> Activity:
    """An active peer guide proposes an activity (unsaved `activity` with its fields filled).
    The guide and the co-hosts they chose host it. It waits for a coordinator, or, where the
    organisation lets volunteers publish directly, it is published at once."""
    if guide.status != PeerGuide.Status.ACTIVE:
        raise ValidationError(
            _("Only active peer guides can propose activities. Talk to your coordinator.")
        )
    activity.organisation = guide.organisation
    activity.proposed_by = guide
    activity.status = A.PROPOSED
    _check_activity(activity)
    activity.save()
    activity.interests.set(interests)
    hosts = [guide] + [
        g for g in co_hosts if g.organisation_id == guide.organisation_id and g.pk != guide.pk
    ]
    activity.hosts.set(hosts)
    if guides_publish_directly(guide.organisation):
        publish_activity(activity=activity, actor=guide.user)
    return activity


@transaction.atomic
def publish_activity(*, activity: Activity, actor) -> Activity:
    """A coordinator approves an activity: it is shown in the calendar with its next 12 weeks."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.status == A.PUBLISHED:
        return activity
    if activity.status not in (A.PROPOSED, A.DECLINED):
        raise ValidationError(_("Only a proposed activity can be published."))
    if not activity.hosts.exists():
        raise ValidationError(_("An activity needs at least one host before it is published."))
    activity.status = A.PUBLISHED
    activity.published_at = timezone.now()
    activity.published_by = actor
    activity.save(update_fields=["status", "published_at", "published_by"])
    generate_occurrences(activity=activity)
    note_news(activity=activity)
    return activity


@transaction.atomic
def decline_activity(*, activity: Activity, actor) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.status != A.PROPOSED:
        raise ValidationError(_("Only a proposed activity can be declined."))
    activity.status = A.DECLINED
    activity.save(update_fields=["status"])
    return activity


# --- a host edits ------------------------------------------------------------------------------

#: What a host may change from the dashboard.
EDITABLE = (
    "title",
    "description",
    "is_online",
    "place",
    "municipality",
    "repeat",
    "first_date",
    "start_time",
    "end_time",
    "until",
    "capacity",
)
WHERE = ("is_online", "place", "municipality")


@transaction.atomic
def edit_activity(*, activity: Activity, guide: PeerGuide, changes: dict, interests) -> Activity:
    """A host changes their activity (`changes`: values of `EDITABLE` fields).

    No new approval: a published activity stays in the calendar whatever the organisation's
    policy. Approval is of the host and the idea; taking a published activity out while a
    coordinator looks would cancel dates people said they would come to, and most edits are
    practical (a new room, a later start). Where coordinators approve activities, they are told
    what changed at once and can end it. A declined activity that is edited is proposed again.

    The coming dates follow (`generate_occurrences`): a date that is unchanged keeps its "Jeg
    kommer" answers; a date that disappears or moves is cancelled and those coming are told,
    and when the place changes, those coming to the dates that remain are told the new place."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if not activity.hosts.filter(pk=guide.pk).exists():
        raise PermissionDenied
    if guide.status != PeerGuide.Status.ACTIVE:
        raise ValidationError(
            _("Only active peer guides can change activities. Talk to your coordinator.")
        )
    if activity.status == A.ENDED:
        raise ValidationError(_("This activity has ended, so it cannot be changed."))
    before = {name: getattr(activity, name) for name in EDITABLE}
    before_interests = set(activity.interests.values_list("pk", flat=True))
    for name in EDITABLE:
        if name in changes:
            setattr(activity, name, changes[name])
    _check_activity(activity)
    changed = [name for name in EDITABLE if getattr(activity, name) != before[name]]
    if {i.pk for i in interests} != before_interests:
        changed.append("interests")
    if not changed:
        return activity
    activity.edited_at = timezone.now()
    activity.edited_by = guide.user
    if activity.status == A.DECLINED:
        activity.status = A.PROPOSED
    activity.save()
    activity.interests.set(interests)
    if activity.status != A.PUBLISHED:
        return activity
    kept = list(
        Occurrence.objects.filter(
            activity=activity, starts_at__gte=timezone.now(), cancelled_at__isnull=True
        ).values_list("starts_at", flat=True)
    )
    generate_occurrences(
        activity=activity,
        reason=_("The day or time has changed. See the new dates on the activity's page."),
    )
    if any(name in changed for name in WHERE):
        _tell_new_place(activity, kept)
    if not guides_publish_directly(activity.organisation):
        _tell_coordinators_of_edit(activity, guide, changed)
    return activity


def _tell_new_place(activity: Activity, starts: list[datetime.datetime]) -> None:
    rsvps = Rsvp.objects.filter(
        occurrence__activity=activity,
        occurrence__starts_at__in=starts,
        occurrence__cancelled_at__isnull=True,
        status__in=ANSWERED,
        participant__anonymised_at__isnull=True,
    ).select_related("participant", "occurrence")
    messages = []
    for rsvp in rsvps:
        messages += _messages(
            rsvp.participant,
            kind="activities.moved",
            template="moved",
            context={
                "title": activity.title,
                "starts": rsvp.occurrence.starts_at,
                "where": activity.where,
                "link": _public_url(activity),
            },
            about=rsvp,
            slot=activity.edited_at.isoformat(),
        )
    queue_messages(messages)


def _tell_coordinators_of_edit(activity: Activity, guide: PeerGuide, changed: list[str]) -> None:
    for coordinator in coordinators_of(activity.organisation_id):
        with translation.override(coordinator.language):
            labels = [str(Activity._meta.get_field(name).verbose_name) for name in changed]
        queue_email(
            kind="activities.edited",
            to=coordinator.email,
            template="activities/email/edited",
            context={
                "first_name": coordinator.first_name,
                "title": activity.title,
                "host": guide.user.get_full_name(),
                "changed": labels,
                "link": settings.SITE_URL.rstrip("/")
                + reverse("admin:activities_activity_change", args=[activity.pk]),
            },
            language=coordinator.language,
            about=activity,
            slot=activity.edited_at.isoformat(),
        )


# --- telling people ----------------------------------------------------------------------------


def _messages(
    participant: Participant, *, kind: str, template: str, context: dict, about, slot=None
) -> list[Message]:
    """The message(s) one person gets, by their preferred channel(s)."""
    return messages_for(
        participant.contact_point,
        kind=kind,
        template=f"activities/email/{template}",
        sms_template=f"activities/sms/{template}",
        context={"first_name": participant.first_name, **context},
        about=about,
        slot=slot,
    )


def _tell(participant: Participant, **notice) -> None:
    """One person told (`_messages`' arguments); several at once: `queue_messages`."""
    queue_messages(_messages(participant, **notice))


# --- cancelling ----------------------------------------------------------------------------------


def check_cancel(*, occurrence: Occurrence, reason: str) -> None:
    if occurrence.is_cancelled:
        raise ValidationError(_("This date is already cancelled."))
    if occurrence.starts_at <= timezone.now():
        raise ValidationError(_("This date has already begun, so it cannot be cancelled."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Write a short reason. We send it to those coming.")})


@transaction.atomic
def cancel_occurrence(*, occurrence: Occurrence, reason: str, actor) -> Occurrence:
    """Cancel one date; everyone who said they would come is told, by their own channel."""
    occurrence = (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("activity__organisation")
        .get(pk=occurrence.pk)
    )
    check_cancel(occurrence=occurrence, reason=reason)
    occurrence.cancelled_at = timezone.now()
    occurrence.cancel_reason = reason.strip()
    occurrence.cancelled_by = actor
    occurrence.save(update_fields=["cancelled_at", "cancel_reason", "cancelled_by"])
    activity = occurrence.activity
    messages = []
    for rsvp in occurrence.rsvps.filter(
        status__in=ANSWERED, participant__anonymised_at__isnull=True
    ).select_related("participant"):
        messages += _messages(
            rsvp.participant,
            kind="activities.cancelled",
            template="cancelled",
            context={
                "title": activity.title,
                "starts": occurrence.starts_at,
                "reason": occurrence.cancel_reason,
                "organisation": activity.organisation.name,
                "link": _public_url(activity),
            },
            about=rsvp,
        )
    queue_messages(messages)  # one write for everyone coming
    return occurrence


def _public_url(activity: Activity) -> str:
    return settings.SITE_URL.rstrip("/") + activity.get_absolute_url()


# --- "Jeg kommer" --------------------------------------------------------------------------------


def coming_count(occurrence: Occurrence) -> int:
    return occurrence.rsvps.filter(status=R.COMING).count()


def check_open_for_rsvp(occurrence: Occurrence) -> None:
    if occurrence.activity.status != A.PUBLISHED or occurrence.is_cancelled:
        raise ValidationError(_("This date is cancelled. Have a look at the other dates."))
    if occurrence.starts_at <= timezone.now():
        raise ValidationError(_("This date has already begun. Have a look at the other dates."))


def check_room(occurrence: Occurrence) -> None:
    """A place is left (`Occurrence.is_full`), counted afresh: under `confirm_rsvp`'s lock the
    count is the one that decides."""
    occurrence.coming = coming_count(occurrence)
    if occurrence.is_full:
        raise ValidationError(
            _("Sorry, this date is full. Have a look at the other dates."), code="full"
        )


def confirm_url(rsvp: Rsvp) -> str:
    """The link that confirms "Jeg kommer" (in a text message, the outbox makes it short)."""
    token = links.make_token(pk=rsvp.pk, purpose=CONFIRM_PURPOSE)
    return links.absolute_url("activities:confirm", token=token)


@transaction.atomic
def say_coming(*, occurrence: Occurrence, details: ParticipantDetails) -> Rsvp:
    """ "Jeg kommer" from the public page: a pending answer and a message with the link that
    confirms it (e-mail, or a text when only a mobile number is given). Saying it twice sends
    nothing new; a place is taken only when the link is used (`confirm_rsvp`)."""
    check_open_for_rsvp(occurrence)
    check_room(occurrence)
    activity = occurrence.activity
    if not details.email and not details.phone:
        raise ValidationError(_("Write your e-mail address or your mobile number."))
    if details.organisation != activity.organisation:
        details = replace(details, organisation=activity.organisation)
    participant = attach_or_register(
        details=details,
        purposes=[Consent.Purpose.ACTIVITY],
        # With no e-mail the text goes to the number's owner, who alone can confirm.
        match_phone=not details.email,
    ).participant
    rsvp = (
        Rsvp.objects.select_for_update(of=("self",))
        .filter(occurrence=occurrence, participant=participant)
        .first()
    )
    slot = None
    if rsvp is None:
        rsvp = Rsvp.objects.create(occurrence=occurrence, participant=participant)
    elif rsvp.status == R.WITHDRAWN:
        rsvp.status, rsvp.confirmed_at, rsvp.created_at = R.PENDING, None, timezone.now()
        rsvp.save(update_fields=["status", "confirmed_at", "created_at"])
        slot = rsvp.created_at.isoformat()
    else:
        return rsvp
    _tell(
        participant,
        kind="activities.confirm",
        template="confirm",
        context={
            "title": activity.title,
            "starts": occurrence.starts_at,
            "link": confirm_url(rsvp),
            "days": CONFIRM_MAX_AGE.days,
            "organisation": activity.organisation.name,
        },
        about=rsvp,
        slot=slot,
    )
    return rsvp


@transaction.atomic
def confirm_rsvp(*, rsvp: Rsvp) -> Rsvp:
    """The person used the link: they are coming, if there is room. The occurrence row is locked
    while the places are counted (as cohort seats are), so the last place goes to one person."""
    occurrence = (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("activity")
        .get(pk=rsvp.occurrence_id)
    )
    rsvp = Rsvp.objects.select_for_update(of=("self",)).get(pk=rsvp.pk)
    rsvp.occurrence = occurrence
    if rsvp.status != R.PENDING:
        return rsvp
    check_open_for_rsvp(occurrence)
    check_room(occurrence)
    rsvp.status = R.COMING
    rsvp.confirmed_at = timezone.now()
    rsvp.save(update_fields=["status", "confirmed_at"])
    return rsvp


@transaction.atomic
def withdraw_rsvp(*, rsvp: Rsvp) -> Rsvp:
    rsvp = Rsvp.objects.select_for_update(of=("self",)).get(pk=rsvp.pk)
    if rsvp.status != R.WITHDRAWN:
        rsvp.status = R.WITHDRAWN
        rsvp.save(update_fields=["status"])
    return rsvp


def withdraw_erased_participant(*, participant, actor=None, **kwargs) -> int:
    """Erasure: the person's answers for dates still to come no longer hold a place."""
    return Rsvp.objects.filter(
        Q(participant=participant),
        Q(status__in=ANSWERED),
        Q(occurrence__starts_at__gte=timezone.now()),
    ).update(status=R.WITHDRAWN)


# --- attendance ----------------------------------------------------------------------------------


@transaction.atomic
def record_attendance(*, occurrence: Occurrence, count: int, came: list[int], actor) -> Occurrence:
    """After a date: how many came (drop-ins included) and which of those who said they would
    come did. `came` holds Rsvp ids; the others who said so are marked as not come."""
    occurrence = Occurrence.objects.select_for_update(of=("self",)).get(pk=occurrence.pk)
    if occurrence.is_cancelled:
        raise ValidationError(_("This date was cancelled, so there is nothing to record."))
    if occurrence.starts_at > timezone.now():
        raise ValidationError(_("You can record who came once the date has begun."))
    answers = occurrence.rsvps.filter(status__in=ANSWERED)
    came_ids = set(answers.filter(pk__in=came).values_list("pk", flat=True))
    if count < len(came_ids):
        raise ValidationError(
            {"count": _("The number cannot be smaller than the names you ticked.")}
        )
    answers.filter(pk__in=came_ids).update(attended=True)
    answers.exclude(pk__in=came_ids).update(attended=False)
    occurrence.attendance_count = count
    occurrence.save(update_fields=["attendance_count"])
    return occurrence


# --- following an interest -----------------------------------------------------------------------

FOLLOW_PURPOSE = "activities.follow"
FOLLOW_MAX_AGE = datetime.timedelta(days=14)
#: The link in every news message: the person's follows and the button that stops them.
FOLLOWS_PURPOSE = "activities.follows"
FOLLOWS_MAX_AGE = datetime.timedelta(days=400)
#: At most one news message per person in this time.
NEWS_EVERY = datetime.timedelta(days=7)
F = Follow.Status


def keeper_of(municipality) -> Organisation | None:
    """The organisation that keeps a follow of a municipality: one that serves it (its home
    municipality or one it serves), else one that runs activities there; the first by name."""
    return (
        Organisation.objects.filter(
            Q(municipality=municipality)
            | Q(municipalities_served=municipality)
            | Q(activities__municipality=municipality)
        )
        .distinct()
        .order_by("name", "pk")
        .first()
    )


def follow_url(follow: Follow) -> str:
    token = links.make_token(pk=follow.pk, purpose=FOLLOW_PURPOSE)
    return links.absolute_url("activities:follow_confirm", token=token)


def follows_url(participant: Participant) -> str:
    token = links.make_token(pk=participant.pk, purpose=FOLLOWS_PURPOSE)
    return links.absolute_url("activities:follows", token=token)


@transaction.atomic
def follow_interest(*, interest, municipality, details: ParticipantDetails) -> Follow:
    """The public form: a pending follow and a message with the link that confirms it (e-mail,
    or a text when only a mobile number is given). Asking again for what a person already
    follows sends nothing; a stopped follow asked for again needs the link again."""
    if not details.email and not details.phone:
        raise ValidationError(_("Write your e-mail address or your mobile number."))
    organisation = keeper_of(municipality)
    if organisation is None:
        raise ValidationError(
            {
                "municipality": _(
                    "No one runs activities in this municipality yet. Choose one nearby."
                )
            }
        )
    details = replace(details, organisation=organisation)
    participant = attach_or_register(
        details=details, purposes=[Consent.Purpose.ACTIVITY], match_phone=not details.email
    ).participant
    follow, created = Follow.objects.select_for_update().get_or_create(
        participant=participant, interest=interest, municipality=municipality
    )
    if follow.status == F.ACTIVE:
        return follow
    slot = None  # a pending follow asked for again: the same message, so nothing new is sent
    if follow.status == F.STOPPED:
        slot = timezone.now().isoformat()
        follow.status, follow.created_at = F.PENDING, timezone.now()
        follow.confirmed_at = follow.stopped_at = None
        follow.save()
    _tell(
        participant,
        kind="activities.follow",
        template="follow",
        context={
            "interest": interest.name,
            "municipality": municipality.name,
            "link": follow_url(follow),
            "days": FOLLOW_MAX_AGE.days,
            "organisation": organisation.name,
        },
        about=follow,
        slot=slot,
    )
    return follow


@transaction.atomic
def confirm_follow(*, follow: Follow) -> Follow:
    follow = Follow.objects.select_for_update().get(pk=follow.pk)
    if follow.status == F.PENDING:
        follow.status, follow.confirmed_at = F.ACTIVE, timezone.now()
        follow.save(update_fields=["status", "confirmed_at"])
    return follow


@transaction.atomic
def stop_following(*, participant: Participant) -> int:
    """The link in each news message: the person hears no more about new activities."""
    News.objects.filter(participant=participant, sent_at__isnull=True).delete()
    return Follow.objects.filter(participant=participant, status__in=[F.PENDING, F.ACTIVE]).update(
        status=F.STOPPED, stopped_at=timezone.now()
    )


def stop_erased_participant(*, participant, actor=None, **kwargs) -> int:
    """Erasure: the person is told about no more activities."""
    return stop_following(participant=participant)


def note_news(*, activity: Activity) -> int:
    """A newly published activity: everyone following one of its interests in its municipality
    is to hear about it, once. Sent now to those not told this week; the others get it, with
    whatever else is new, when their week is over (`send_waiting_news`)."""
    if activity.municipality_id is None:
        return 0
    follower_ids = set(
        Follow.objects.filter(
            status=F.ACTIVE,
            municipality_id=activity.municipality_id,
            interest__in=activity.interests.all(),
            participant__anonymised_at__isnull=True,
        ).values_list("participant_id", flat=True)
    )
    News.objects.bulk_create(
        [News(participant_id=pk, activity=activity) for pk in sorted(follower_ids)],
        ignore_conflicts=True,
    )
    for participant in Participant.objects.filter(pk__in=follower_ids):
        send_news(participant=participant)
    return len(follower_ids)


@transaction.atomic
def send_news(*, participant: Participant, now: datetime.datetime | None = None) -> bool:
    """One message with every new activity waiting for this person, unless they had one in the
    last week (then it waits). Safe to run twice: the rows are locked and marked sent in the
    same transaction as the message is put in the outbox, whose key names the batch."""
    now = now or timezone.now()
    waiting = list(
        News.objects.select_for_update(of=("self",))
        .filter(participant=participant, sent_at__isnull=True)
        .select_related("activity__municipality")
        .order_by("pk")
    )
    if not waiting:
        return False
    if News.objects.filter(participant=participant, sent_at__gt=now - NEWS_EVERY).exists():
        return False
    items = [
        n
        for n in waiting
        if n.activity.status == A.PUBLISHED
        and n.activity.occurrences.filter(starts_at__gte=now, cancelled_at__isnull=True).exists()
    ]
    News.objects.filter(pk__in=[n.pk for n in waiting]).update(sent_at=now)
    if not items:  # all of them ended or were cancelled meanwhile: nothing to say
        return False
    _tell(
        participant,
        kind="activities.news",
        template="news",
        context={
            "activities": [
                {
                    "title": n.activity.title,
                    "where": n.activity.where,
                    "link": _public_url(n.activity),
                }
                for n in items
            ],
            "count": len(items),
            "link": follows_url(participant),
            "calendar": settings.SITE_URL.rstrip("/") + reverse("activities:calendar"),
        },
        about=participant,
        slot=f"news-{waiting[-1].pk}",
    )
    return True


def send_waiting_news(*, now: datetime.datetime | None = None) -> int:
    """The nightly job: news that waited for a person's week to end."""
    now = now or timezone.now()
    sent = 0
    participant_ids = (
        News.objects.filter(sent_at__isnull=True)
        .values_list("participant_id", flat=True)
        .distinct()
    )
    for participant in Participant.objects.filter(pk__in=list(participant_ids)):
        sent += send_news(participant=participant, now=now)
    return sent
