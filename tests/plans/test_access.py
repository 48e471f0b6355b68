"""Nobody but the participant reads their plan: not a stranger, not their own guide, not a
coordinator or a superuser in the admin, not another participant. Only a share link shows the
sections shared, and only while it works."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from plans import services
from plans.models import ShareLink, ShareView
from tests.factories import MatchFactory, ParticipantFactory, UserFactory, coordinator_of
from tests.plans.conftest import signed_in

pytestmark = pytest.mark.django_db

MARKER = "HEMMELIG-MARKOER-7731"


@pytest.fixture
def story(client, participant):
    """A participant with a plan (a marker in two sections) and an active match."""
    plan = signed_in(client, participant)
    services.save_section(plan=plan, key="toolbox", data={"tools": [f"{MARKER} gåtur"]})
    services.save_section(
        plan=plan,
        key="crisis",
        data={
            "take_over": [f"{MARKER} krise"],
            "supporters": [{"name": "Mor", "phone": "12345678"}],
            "helps": [],
            "does_not_help": [],
            "practical": "",
        },
    )
    match = MatchFactory(request__participant=participant)
    return plan, match


PLAN_PAGES = [
    "/min-plan/",
    "/min-plan/afsnit/toolbox/",
    "/min-plan/afsnit/crisis/",
    "/min-plan/udskriv/",
    "/min-plan/udskriv/kriseplan/",
    "/min-plan/del/",
]


def assert_nothing_of_the_plan(response):
    assert MARKER not in response.content.decode()


@pytest.mark.parametrize("path", PLAN_PAGES)
def test_a_stranger_is_sent_to_sign_in(story, path):
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"] == "/min-plan/log-ind/"


def test_the_participant_reads_their_own_plan(client, story):
    for path in PLAN_PAGES[:5]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert (
            response["Cache-Control"].startswith("no-store")
            or "no-store" in response["Cache-Control"]
        )
    assert MARKER in client.get("/min-plan/udskriv/").content.decode()


def test_the_participants_own_guide_gets_nothing(story):
    _plan, match = story
    guide = Client()
    guide.force_login(match.guide.user)
    for path in PLAN_PAGES:
        response = guide.get(path)
        assert response.status_code == 302, path
        assert_nothing_of_the_plan(response)
    page = guide.get(f"/dashboard/match/{match.pk}/")
    assert page.status_code == 200
    assert_nothing_of_the_plan(page)


@pytest.mark.parametrize("role", ["coordinator", "superuser"])
def test_the_admin_shows_that_a_plan_exists_and_nothing_of_it(story, org1, role):
    plan, match = story
    if role == "superuser":
        user = UserFactory(is_staff=True, is_superuser=True)
    else:
        user = coordinator_of(org1)
    admin = Client()
    admin.force_login(user)
    listing = admin.get("/admin/plans/plan/")
    assert listing.status_code == 200
    assert f"Personlig plan nr. {plan.pk}" in listing.content.decode()
    assert_nothing_of_the_plan(listing)
    change = admin.get(f"/admin/plans/plan/{plan.pk}/change/")
    assert change.status_code == 200
    assert_nothing_of_the_plan(change)
    assert "Sidst ændret" in change.content.decode() or "sidst ændret" in change.content.decode()
    # The sections and the links have no admin at all; nobody changes or deletes a plan there.
    assert admin.get("/admin/plans/plansection/").status_code == 404
    assert admin.get("/admin/plans/sharelink/").status_code == 404
    assert admin.post(f"/admin/plans/plan/{plan.pk}/delete/").status_code == 403
    # The participant's own admin page and its JSON export say nothing of it either.
    participant = plan.participant
    page = admin.get(f"/admin/participants/participant/{participant.pk}/change/")
    assert page.status_code == 200
    assert_nothing_of_the_plan(page)
    exported = admin.post(
        "/admin/participants/participant/",
        {"action": "export_json", "_selected_action": [participant.pk]},
    )
    assert_nothing_of_the_plan(exported)
    # The match's page in the admin.
    page = admin.get(f"/admin/matching/match/{match.pk}/change/")
    assert_nothing_of_the_plan(page)


def test_another_participant_sees_only_their_own(story, org1):
    other = ParticipantFactory(organisation=org1, email="anden@example.test")
    client = Client()
    signed_in(client, other)
    for path in PLAN_PAGES[:5]:
        assert_nothing_of_the_plan(client.get(path))


def test_a_tampered_session_cookie_opens_nothing(story):
    plan, _match = story
    client = Client()
    value = services.session_value(plan)
    client.cookies[services.SESSION_COOKIE] = value[:-3] + "abc"
    assert client.get("/min-plan/").status_code == 302


# --- sharing --------------------------------------------------------------------------------


def test_a_share_link_shows_the_shared_sections_to_the_guide_and_is_logged(client, story):
    plan, match = story
    response = client.post(
        "/min-plan/del/", {"section_keys": ["crisis"], "label": "Min peerguide", "days": 30}
    )
    assert response.status_code == 200
    link = ShareLink.objects.get(plan=plan)
    assert link.section_keys == ["crisis"]
    assert link.expires_at.date() == (timezone.now() + datetime.timedelta(days=30)).date()
    path = link.url.split("://", 1)[1].split("/", 1)[1]

    guide = Client()
    guide.force_login(match.guide.user)
    shared = guide.get(f"/{path}")
    assert shared.status_code == 200
    body = shared.content.decode()
    assert f"{MARKER} krise" in body  # the crisis plan
    assert f"{MARKER} gåtur" not in body  # not the toolbox, which was not shared
    assert ShareView.objects.filter(link=link).count() == 1

    listing = client.get("/min-plan/del/").content.decode()
    assert "Åbnet 1 gang" in listing
    assert "Min peerguide" in listing


def test_the_default_is_the_crisis_plan_for_30_days(client, story):
    page = client.get("/min-plan/del/").content.decode()
    checked = re.findall(r'<input[^>]*name="section_keys"[^>]*>', page)
    assert [c for c in checked if "checked" in c] == [c for c in checked if 'value="crisis"' in c]
    assert re.search(r'<input[^>]*name="days"[^>]*value="30"', page)


def test_an_expired_link_opens_nothing(client, story):
    plan, _match = story
    new = services.create_share_link(plan=plan, section_keys=["crisis"], days=1)
    ShareLink.objects.filter(pk=new.link.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3),
        expires_at=timezone.now() - datetime.timedelta(days=2),
    )
    path = new.url.split("://", 1)[1].split("/", 1)[1]
    response = Client().get(f"/{path}")
    assert response.status_code == 404
    assert "udløbet" in response.content.decode()
    assert_nothing_of_the_plan(response)
    assert not ShareView.objects.exists()


def test_a_revoked_link_opens_nothing(client, story):
    plan, _match = story
    new = services.create_share_link(plan=plan, section_keys=["crisis", "toolbox"])
    path = new.url.split("://", 1)[1].split("/", 1)[1]
    assert Client().get(f"/{path}").status_code == 200
    response = client.post(f"/min-plan/del/{new.link.pk}/stop/")
    assert response.status_code == 302
    response = Client().get(f"/{path}")
    assert response.status_code == 404
    assert "stoppet" in response.content.decode()
    assert_nothing_of_the_plan(response)


def test_nobody_stops_another_participants_link(story, org1):
    plan, _match = story
    new = services.create_share_link(plan=plan, section_keys=["crisis"])
    other = Client()
    signed_in(other, ParticipantFactory(organisation=org1, email="tredje@example.test"))
    assert other.post(f"/min-plan/del/{new.link.pk}/stop/").status_code == 404
    new.link.refresh_from_db()
    assert new.link.revoked_at is None


def test_a_made_up_token_opens_nothing(story):
    assert Client().get("/min-plan/delt/not-a-real-token/").status_code == 404


def test_sharing_needs_a_section_and_a_sane_number_of_days(client, story):
    response = client.post("/min-plan/del/", {"section_keys": [], "days": 30})
    assert response.status_code == 200
    assert "Vælg mindst én del af din plan" in response.content.decode()
    response = client.post("/min-plan/del/", {"section_keys": ["crisis"], "days": 0})
    assert response.status_code == 200
    assert not ShareLink.objects.exists()
