"""The guide's private calendar feed: their one-to-one meetings and the sessions of the cohorts
they lead, as iCalendar. The address carries a secret key; making a new one revokes the old."""

import datetime

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.cache import never_cache

from courses.calendar import session_summary
from courses.models import CohortSession
from matching.models import Meeting
from notifications.ics import ICS_CONTENT_TYPE, IcsEvent, build_calendar
from volunteers.models import PeerGuide

PAST = datetime.timedelta(days=60)


def guide_events(guide: PeerGuide, *, now=None) -> list[IcsEvent]:
    now = now or timezone.now()
    since = now - PAST
    events = []
    meetings = Meeting.objects.filter(
        match__guide=guide,
        status__in=[Meeting.Status.PLANNED, Meeting.Status.HELD],
        starts_at__gte=since,
    ).select_related("match__request__participant")
    for meeting in meetings:
        minutes = meeting.duration_minutes or 60
        events.append(
            IcsEvent(
                uid=f"meeting-{meeting.pk}@peerplatform",
                start=meeting.starts_at,
                end=meeting.starts_at + datetime.timedelta(minutes=minutes),
                # First name only: a calendar may be synced to services outside our control.
                summary=_("Peer support: %(name)s")
                % {"name": meeting.match.request.participant.first_name},
                location=meeting.place,
            )
        )
    sessions = CohortSession.objects.filter(
        cohort__facilitators=guide,
        status=CohortSession.Status.PLANNED,
        starts_at__gte=since,
    ).select_related("cohort")
    for session in sessions:
        cohort = session.cohort
        events.append(
            IcsEvent(
                uid=f"cohort-session-{session.pk}@peerplatform",
                start=session.starts_at,
                end=session.ends_at,
                # The neutral title: a course name can be a health detail, and this feed is
                # made to be synced to calendar services outside our control.
                summary=session_summary(cohort.email_title, session),
                location=cohort.address or cohort.venue,
            )
        )
    return events


@never_cache
def feed(request, token):
    guide = PeerGuide.objects.select_related("user").filter(calendar_token=token).first()
    if guide is None or guide.status in (PeerGuide.Status.RETIRED, PeerGuide.Status.DECLINED):
        raise Http404
    with override(guide.user.language):
        body = build_calendar(guide_events(guide), name=_("My peer support"))
    response = HttpResponse(body, content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="peerstotte.ics"'
    return response
