"""What plans holds about a participant, declared in the participant-data registry
(core/registry.py): the plan (its sections, share links and their log go with it by cascade)."""

from __future__ import annotations

from core import registry
from plans.models import Plan
from plans.selectors import export


def register() -> None:
    registry.register(
        registry.Holding(
            model=Plan,
            participant="participant",
            export="my_plan",
            delete=True,  # nothing of it is kept for reports
            activity=("updated_at",),
        )
    )
    registry.register_export("my_plan", build=export, order=90, participant_only=True)
