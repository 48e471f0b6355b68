"""Demo: a participant with a filled plan and a shared crisis plan (opened once by their guide).
Run by seed_demo after matching's demo; safe to run twice."""

from __future__ import annotations

from participants.models import Participant
from plans import services
from plans.models import Plan

DEMO_EMAIL = "frida@deltager.test"

PLAN = {
    "well": {"me": ["Nysgerrig og snakkesalig", "Jeg griner let", "Jeg ringer til min søster"]},
    "toolbox": {"tools": ["Gåtur ved åen", "Musik i hørebøffer", "Te med Anna", "Strikketøj"]},
    "daily": {
        "every_day": ["Spise morgenmad", "Komme ud i dagslys", "I seng før kl. 23"],
        "sometimes": ["Svømmehallen om lørdagen", "Ringe til en ven"],
    },
    "crisis": {
        "take_over": ["Jeg svarer ikke telefonen i to dage", "Jeg holder op med at spise"],
        "supporters": [
            {"name": "Mor (Hanne)", "phone": "20 11 22 33"},
            {"name": "Min søster Anna", "phone": "30 44 55 66"},
        ],
        "helps": ["Tal roligt til mig", "Sid hos mig", "Tag mig med en tur"],
        "does_not_help": ["Mange spørgsmål på én gang"],
        "practical": "Katten Mis skal fodres (maden står i skabet under vasken).",
    },
}


def seed(*, context, password, out) -> dict:
    participant = (
        Participant.objects.filter(email=DEMO_EMAIL, anonymised_at__isnull=True)
        .order_by("pk")
        .first()
    )
    if participant is None or Plan.objects.filter(participant=participant).exists():
        return {}
    plan = Plan.objects.create(participant=participant, organisation=participant.organisation)
    for key, data in PLAN.items():
        services.save_section(plan=plan, key=key, data=data)
    new = services.create_share_link(plan=plan, section_keys=["crisis"], label="Min peerguide")
    services.open_share_link(new.link.token)  # the guide has read it once
    out.append((DEMO_EMAIL, "participant: own plan at /min-plan/ (sign-in link by e-mail)"))
    return {}
