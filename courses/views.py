"""Public catalogue and sign-up, the participant's own links, and the facilitators' attendance
screens. Thin: forms parse, services write, selectors read."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.ratelimit import limit_posts, over_limit
from courses import selectors, services
from courses.calendar import cohort_calendar
from courses.filters import CatalogueFilter
from courses.forms import AttendanceForm, SignUpForm
from courses.models import Cohort, Enrollment
from participants import links
from participants.links import signed_link
from plans.selectors import started_participant_ids
from plans.services import invite_to_start
from volunteers.decorators import guide_required

# The catalogue shows this many courses a page: a national catalogue can hold hundreds, which is
# more than a person can read and made the page slower the more courses there were (issue 15).
CATALOGUE_PAGE_SIZE = 20


def catalogue(request):
    choices = request.GET.copy()
    choices.pop("page", None)
    filterset = CatalogueFilter(choices or None, queryset=selectors.catalogue_cohorts())
    page = Paginator(filterset.qs, CATALOGUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/catalogue.html",
        {
            "filter": filterset,
            "cohorts": list(page),
            "page": page,
            "choices": choices.urlencode(),
            "filtered": filterset.is_bound,
        },
    )


@limit_posts("courses.signup")
def detail(request, pk):
    cohort = selectors.public_cohort(pk)
    form = None
    if cohort.signup_is_open():
        form = SignUpForm(request.POST or None)
        if request.method == "POST" and form.is_valid() and not over_limit(request, form):
            sent = f"{reverse('courses:signup_sent', args=[cohort.pk])}?by={form.sent_by()}"
            if form.is_spam():
                return redirect(sent)
            data = form.cleaned_data
            try:
                services.sign_up(
                    cohort=cohort,
                    details=form.participant_details(organisation=cohort.organisation),
                    evaluation=data["evaluation"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(sent)
    elif request.method == "POST":
        return redirect("courses:detail", pk=cohort.pk)
    sessions = list(cohort.sessions.all())
    selectors.attach_plan_sections(cohort=cohort, sessions=sessions)
    return render(
        request,
        "courses/detail.html",
        {
            "cohort": cohort,
            "form": form,
            "sessions": sessions,
            "skipped": selectors.skipped_days(cohort=cohort, holidays_only=True),
            "today": timezone.localdate(),
        },
    )


def signup_sent(request, pk):
    cohort = selectors.public_cohort(pk)
    by = request.GET.get("by", "email")
    return render(request, "courses/signup_sent.html", {"cohort": cohort, "by": by})


def calendar(request, pk):
    cohort = selectors.public_cohort(pk)
    if cohort.status == Cohort.Status.CANCELLED:
        raise Http404
    response = HttpResponse(cohort_calendar(cohort), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kursus-{cohort.pk}.ics"'
    return response


# What a participant's links open: their own enrollment, unless they have been erased since.
_ENROLLMENTS = Enrollment.objects.select_related(
    "cohort__programme", "cohort__organisation", "participant"
).filter(participant__anonymised_at__isnull=True)


@signed_link(
    purpose=services.CONFIRM_PURPOSE, max_age=services.CONFIRM_MAX_AGE, queryset=_ENROLLMENTS
)
def confirm(request, enrollment, token):
    """The link in the sign-up e-mail. GET asks, POST confirms (link scanners only GET)."""
    if request.method == "POST" or enrollment.status != Enrollment.Status.PENDING:
        if enrollment.status == Enrollment.Status.PENDING:
            try:
                enrollment = services.confirm_enrollment(enrollment=enrollment)
            except ValidationError as error:
                return render(
                    request,
                    "courses/confirm.html",
                    {"enrollment": enrollment, "error": " ".join(error.messages)},
                    status=409,
                )
        manage_token = links.make_token(pk=enrollment.pk, purpose=services.MANAGE_PURPOSE)
        return redirect("courses:manage", token=manage_token)
    return render(request, "courses/confirm.html", {"enrollment": enrollment})


@signed_link(
    purpose=services.MANAGE_PURPOSE, max_age=services.MANAGE_MAX_AGE, queryset=_ENROLLMENTS
)
def manage(request, enrollment, token):
    """The participant's own page: status, waitlist position, dates, and withdrawing."""
    error = ""
    if request.method == "POST":
        try:
            enrollment = services.withdraw(enrollment=enrollment)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("You are signed off the course. Thank you for telling us."))
            return redirect("courses:manage", token=token)
    cohort = enrollment.cohort
    return render(
        request,
        "courses/manage.html",
        {
            "enrollment": enrollment,
            "cohort": cohort,
            "position": selectors.waitlist_position(enrollment),
            "sessions": list(cohort.sessions.filter(status="planned").order_by("starts_at")),
            "error": error,
            "privacy_token": links.privacy_token(enrollment.participant),
        },
    )


# --- facilitators ------------------------------------------------------------------------------


# Facilitators are peer guides: the same gate as the dashboard (staff go to the admin).
facilitator_required = guide_required


@facilitator_required
def my_cohort(request, pk):
    cohort = selectors.cohort_for_facilitator(guide=request.guide, pk=pk)
    sessions = list(cohort.sessions.all())
    uses_plan = selectors.attach_plan_sections(cohort=cohort, sessions=sessions)
    participants = list(
        selectors.enrollments_with_attendance(selectors.seated(cohort)).order_by(
            "participant__first_name", "pk"
        )
    )
    if uses_plan:
        started = started_participant_ids(e.participant_id for e in participants)
        for enrollment in participants:
            enrollment.plan_started = enrollment.participant_id in started
    return render(
        request,
        "courses/facilitator_cohort.html",
        {
            "cohort": cohort,
            "sessions": sessions,
            "now": timezone.now(),
            "uses_plan": uses_plan,
            "participants": participants,
            "waitlist_length": cohort.enrollments.filter(
                status=Enrollment.Status.WAITLISTED
            ).count(),
        },
    )


@facilitator_required
@require_POST
def invite_to_plan(request, pk):
    """One message to each participant with a seat: start your own plan (plans). Sent once per
    person and cohort, however often the button is pressed."""
    cohort = selectors.cohort_for_facilitator(guide=request.guide, pk=pk)
    people = [e.participant for e in selectors.seated(cohort).select_related("participant")]
    count = invite_to_start(
        participants=people,
        about=cohort,
        start_url=settings.SITE_URL.rstrip("/") + reverse("plans:start"),
    )
    messages.success(
        request,
        ngettext(
            "The invitation is sent to %(count)s participant.",
            "The invitation is sent to %(count)s participants.",
            count,
        )
        % {"count": count},
    )
    return redirect("courses:my_cohort", pk=cohort.pk)


def _session_of(cohort, session_pk):
    for session in cohort.sessions.all():
        if session.pk == session_pk:
            return session
    raise Http404


@facilitator_required
def attendance(request, pk, session_pk):
    cohort = selectors.cohort_for_facilitator(guide=request.guide, pk=pk)
    session = _session_of(cohort, session_pk)
    rows = selectors.attendance_sheet(cohort=cohort, session=session)
    editable = cohort.status in (Cohort.Status.OPEN, Cohort.Status.RUNNING) and not (
        session.is_cancelled
    )
    not_yet = ""
    if editable:
        try:
            services.check_session_begun(session=session)
        except ValidationError as error:
            editable, not_yet = False, " ".join(error.messages)
    return render(
        request,
        "courses/attendance.html",
        {
            "cohort": cohort,
            "session": session,
            "rows": rows,
            "editable": editable,
            "not_yet": not_yet,
            "statuses": AttendanceForm.base_fields["status"].choices,
        },
    )


@facilitator_required
@require_POST
def mark(request, pk, session_pk, enrollment_pk):
    cohort = selectors.cohort_for_facilitator(guide=request.guide, pk=pk)
    session = _session_of(cohort, session_pk)
    enrollment = get_object_or_404(
        cohort.enrollments.select_related("participant"), pk=enrollment_pk
    )
    form = AttendanceForm(request.POST)
    error = ""
    status = ""
    if form.is_valid():
        try:
            record = services.record_attendance(
                session=session,
                enrollment=enrollment,
                status=form.cleaned_data["status"],
                actor=request.user,
            )
            status = record.status
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose present, absent or excused.")
    if request.htmx:
        return render(
            request,
            "courses/partials/attendance_row.html",
            {
                "cohort": cohort,
                "session": session,
                "enrollment": enrollment,
                "mark": status,
                "editable": True,
                "error": error,
                "statuses": AttendanceForm.base_fields["status"].choices,
                "saved": not error,
            },
            status=200,  # the row again, with its message (every invalid form answers 200)
        )
    if error:
        messages.error(request, error)
    return redirect("courses:attendance", pk=cohort.pk, session_pk=session.pk)
