"""Reads of the plan. Content is read only for the participant themself (their session) and for
a share link's holder (the sections shared); for anyone else there is only whether a plan exists
(`started_participant_ids`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from plans import sections
from plans.models import Plan, PlanSection, ShareLink


@dataclass(frozen=True)
class SectionRow:
    section: sections.Section
    data: dict
    filled: bool
    updated_at: object

    @property
    def is_long(self) -> bool:
        """Long enough to get a page of its own on paper."""
        lines = 0
        for value in self.data.values():
            lines += len(value) if isinstance(value, list) else len(str(value)) // 80 + 1
        return lines > 12

    @property
    def text(self) -> str:
        return sections.as_text(self.section, self.data)


def _rows(plan: Plan, keys=None) -> list[SectionRow]:
    saved = {s.key: s for s in PlanSection.objects.filter(plan=plan)}
    rows = []
    for section in sections.SECTIONS:
        if keys is not None and section.key not in keys:
            continue
        row = saved.get(section.key)
        data = row.data if row else sections.empty(section)
        rows.append(
            SectionRow(
                section=section,
                data=data,
                filled=sections.is_filled(section, data),
                updated_at=row.updated_at if row else None,
            )
        )
    return rows


def overview(*, plan: Plan) -> list[SectionRow]:
    return _rows(plan)


def filled_sections(*, plan: Plan, keys=None) -> list[SectionRow]:
    return [r for r in _rows(plan, keys) if r.filled]


def section_data(*, plan: Plan, key: str) -> dict:
    row = PlanSection.objects.filter(plan=plan, key=key).first()
    return row.data if row else {}


def next_section(key: str) -> sections.Section | None:
    keys = [s.key for s in sections.SECTIONS]
    i = keys.index(key)
    return sections.SECTIONS[i + 1] if i + 1 < len(keys) else None


def share_links(*, plan: Plan) -> list[ShareLink]:
    return list(
        ShareLink.objects.filter(plan=plan)
        .annotate(view_count=Count("views"))
        .prefetch_related("views")
    )


def started_participant_ids(participant_ids) -> set[int]:
    """Which of these participants have started their plan (written in at least one section).
    The only thing about a plan that anyone but its owner learns."""
    return set(
        Plan.objects.filter(participant_id__in=list(participant_ids), sections__isnull=False)
        .values_list("participant_id", flat=True)
        .distinct()
    )


def export(participant) -> dict | None:
    """The whole plan, for the participant's own data export: as data and as readable text."""
    plan = Plan.objects.filter(participant=participant).first()
    if plan is None:
        return None
    rows = filled_sections(plan=plan)
    return {
        "created_at": plan.created_at.isoformat(),
        "last_changed_at": plan.updated_at.isoformat() if plan.updated_at else None,
        "sections": [
            {"key": r.section.key, "title": str(r.section.title), "content": r.data} for r in rows
        ],
        "as_text": "\n\n".join(r.text for r in rows),
        "share_links": [
            {
                "parts": link.section_titles,
                "created_at": link.created_at.isoformat(),
                "expires_at": link.expires_at.isoformat(),
                "stopped_at": link.revoked_at.isoformat() if link.revoked_at else None,
                "opened": [v.at.isoformat() for v in link.views.all()],
            }
            for link in ShareLink.objects.filter(plan=plan).prefetch_related("views")
        ],
    }
