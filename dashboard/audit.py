"""What the audit trail records (core/audit.py is the mechanism). Listed here, in the top-level
app, because it names models of every domain app. `mask_fields` are recorded as "changed" without
their values: names, contact details, free text and health data (docs/operators.md,
"Privacy: what is stored and for how long")."""

AUDITED = {
    "participants.Participant": {
        "mask_fields": [
            "first_name",
            "last_name",
            "email",
            "phone",
            "contact_note",
            "birth_year",
            "gender",
        ],
    },
    "participants.Consent": {},
    "participants.WellBeingMeasurement": {
        "mask_fields": ["item1", "item2", "item3", "item4", "item5", "raw_score"],
    },
    "matching.SupportRequest": {"mask_fields": ["help_wanted"]},
    "matching.Match": {"mask_fields": ["decline_reason"], "exclude_fields": ["reasons"]},
    "matching.Meeting": {"mask_fields": ["note", "place"]},
    "matching.Feedback": {},
    "courses.Enrollment": {"mask_fields": ["result_override_reason"]},
    "courses.Attendance": {},
    "volunteers.PeerGuide": {
        "mask_fields": ["phone", "birth_year", "presentation", "motivation"],
        "exclude_fields": ["calendar_token"],
    },
    "volunteers.OnboardingCheck": {"mask_fields": ["note"]},
    "volunteers.TrainingRecord": {},
    "volunteers.Qualification": {"mask_fields": ["note"]},
}


def register() -> None:
    from core.audit import register_models

    register_models(AUDITED)
