"""What a person types into the public forms (and the cohort admin's add form), as POST data: one
valid answer each, for tests to post as is or with a few fields changed (`**changes`)."""

from core.models import ExperienceArea, Interest, Municipality


def _odense() -> int:
    return Municipality.objects.get(name="Odense").pk


def _angst_and_walks() -> dict:
    return {
        "experience_areas": [ExperienceArea.objects.get(slug="angst").pk],
        "interests": [Interest.objects.get(slug="gature").pk],
        "availability": ["1-evening"],
    }


def support_request_data(organisation, **changes) -> dict:
    """ "Find en peerguide": Anna from Odense would like a guide to go for walks with."""
    return {
        "organisation": organisation.pk,
        "first_name": "Anna",
        "last_name": "",
        "phone": "20304050",
        "email": "anna@example.test",
        "birth_year": 1995,
        "municipality": _odense(),
        **_angst_and_walks(),
        "meets_in_person": "on",
        "gender_wish": "",
        "guide_language": "da",
        "help_wanted": "Jeg vil gerne ud at gå.",
        "consent_support": "on",
        "consent_health": "on",
        **changes,
    }


def guide_application_data(organisation, **changes) -> dict:
    """ "Bliv peerguide": Sofie from Odense applies."""
    return {
        "organisation": organisation.pk,
        "first_name": "Sofie",
        "last_name": "Mortensen",
        "email": "sofie@example.test",
        "phone": "+45 20 30 40 50",
        "municipality": _odense(),
        **_angst_and_walks(),
        "motivation": "Jeg vil gerne give noget videre.",
        "consent": "on",
        "website": "",
        **changes,
    }


def course_signup_data(email="ida@example.test", **changes) -> dict:
    """A course's sign-up form: Ida Holm, e-mail only."""
    return {
        "first_name": "Ida",
        "last_name": "Holm",
        "email": email,
        "phone": "",
        "birth_year": "",
        "municipality": "",
        "consent": "on",
        "website": "",
        **changes,
    }


def cohort_admin_data(organisation, **changes) -> dict:
    """The cohort admin's add form: "WRAP vinter" at Huset, Tuesdays 17:00 from 3 November 2026."""
    from courses.models import Programme

    return {
        "programme": Programme.objects.get(name="WRAP").pk,
        "organisation": organisation.pk,
        "title": "WRAP vinter",
        "description": "",
        "language": "da",
        "first_date": "2026-11-03",
        "weekday": "1",
        "start_time": "17:00",
        "skip_dates_text": "",
        "venue": "Huset",
        "address": "",
        "online_details": "",
        **changes,
    }
