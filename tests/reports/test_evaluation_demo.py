"""The demo shows the evaluation figures: change scores to the end and to the 3-month follow-up,
the exit survey, the guides' check-ins and a form of peer support on every organisation."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import Organisation, User
from reports import selectors
from reports.forms import last_twelve_months
from reports.selectors import scope_for


@pytest.mark.django_db
def test_demo_shows_the_evaluation_figures():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not Organisation.objects.filter(peer_support_form="").exists()
    period = last_twelve_months(timezone.localdate())
    for email in ("koordinator@p2p-odense.test", "koordinator@kk.test"):
        scope = scope_for(User.objects.get(email=email))
        changes = selectors.change_scores(period, scope)
        assert changes["end"]["all"]["n"] >= 5, email
        assert changes["follow_up"]["all"]["n"] >= 5, email
        assert selectors.exit_survey(period, scope)["n"] >= 5, email
        checkins = selectors.guide_checkins(period, scope)
        assert any(c["n"] >= 5 for c in checkins), email
        people = selectors.helped_by_age_and_gender(period, scope)
        assert sum(g["n"] for g in people["genders"] if g["gender"]) >= 5, email
