"""What courses hold about a participant, for export, erasure and retention (core/registry.py).
Registered from CoursesConfig.ready()."""

from __future__ import annotations

from django.db.models import Q

from core import registry
from core.registry import iso
from courses.models import Attendance, Enrollment
from courses.services import withdraw_erased_participant


def courses_section(participant) -> list[dict]:
    attendance: dict[int, list] = {}
    for record in (
        Attendance.objects.filter(enrollment__participant_id=participant.pk)
        .select_related("session")
        .order_by("session__starts_at", "pk")
    ):
        attendance.setdefault(record.enrollment_id, []).append(record)
    return [
        {
            "number": e.pk,
            "course": e.cohort.tr("title"),  # in the reader's language (core.bilingual)
            "status": e.get_status_display(),
            "signed_up_at": iso(e.created_at),
            "confirmed_at": iso(e.confirmed_at),
            "enrolled_at": iso(e.enrolled_at),
            "withdrawn_at": iso(e.withdrawn_at),
            "reason_for_the_result": e.result_override_reason,
            "attendance": [
                {
                    "session": str(a.session),
                    "starts_at": iso(a.session.starts_at),
                    "attendance": a.get_status_display(),
                }
                for a in attendance.get(e.pk, [])
            ],
        }
        for e in Enrollment.objects.filter(participant_id=participant.pk)
        .select_related("cohort__programme")
        .order_by("created_at", "pk")
    ]


def register() -> None:
    registry.register(
        registry.Holding(
            model=Enrollment,
            participant="participant",
            export="courses",
            scrub={"result_override_reason": ""},
            # A session of one of their cohorts counts as the person's activity too.
            activity=(
                "created_at",
                "confirmed_at",
                "enrolled_at",
                "withdrawn_at",
                "cohort__sessions__starts_at",
            ),
            open=Q(status__in=Enrollment.ACTIVE_STATUSES),
            # A seat held for them goes to the first on the waitlist.
            close=withdraw_erased_participant,
        ),
        registry.Holding(
            model=Attendance,
            participant="enrollment__participant",
            export="courses",
            activity=("recorded_at",),
        ),
    )
    registry.register_export("courses", build=courses_section, order=40)
