"""A supervision session's attendees are set through volunteers.services, which leaves out guides
of another organisation; the admin calls it and says so."""

import datetime

import pytest
from django.contrib import messages
from django.urls import reverse

from core import services as core_services
from tests.factories import PeerGuideFactory, coordinator_of
from volunteers import services
from volunteers.models import SupervisionSession

pytestmark = pytest.mark.django_db


def test_other_organisations_guides_are_left_out(org1, org2):
    session = SupervisionSession.objects.create(organisation=org1, date=datetime.date(2026, 3, 3))
    own, foreign = PeerGuideFactory(organisation=org1), PeerGuideFactory(organisation=org2)
    assert services.set_supervision_attendees(session=session, guides=[own, foreign]) == [foreign]
    assert list(session.attendees.all()) == [own]


def test_admin_leaves_them_out_with_a_warning(client, org1, org2):
    both = coordinator_of(org1, email="begge@example.test")
    core_services.set_membership(user=both, organisation=org2, role="coordinator")
    own, foreign = PeerGuideFactory(organisation=org1), PeerGuideFactory(organisation=org2)
    client.force_login(both)
    response = client.post(
        reverse("admin:volunteers_supervisionsession_add"),
        {
            "organisation": org1.pk,
            "date": "03.03.2026",
            "kind": "group",
            "supervisor": "Lise",
            "attendees": [own.pk, foreign.pk],
            "duration_minutes": "90",
            "note": "",
        },
        follow=True,
    )
    assert response.redirect_chain, response.content.decode()[:2000]
    assert messages.WARNING in [m.level for m in response.context["messages"]]
    session = SupervisionSession.objects.get()
    assert list(session.attendees.all()) == [own]
