"""The batch proposal's solve is kept between views under the versions of its inputs (issue 15):
any change to what the engine reads of a waiting request, made as the platform makes it (a save,
a term added, the person's details, a match declined), is solved afresh at the next view, and a
view that finds its solve kept reads no request rows."""

import pytest

from core.choices import AVAILABILITY_SLOTS
from core.models import ExperienceArea, Interest, Municipality
from matching import engine, selectors
from matching.models import Match
from tests.factories import MatchFactory, PeerGuideFactory, SupportRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def solves(monkeypatch):
    calls = []
    real = engine.propose_assignment

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "propose_assignment", counted)
    return calls


def _change_participant(request, **values):
    for field, value in values.items():
        setattr(request.participant, field, value)
    request.participant.save()


def _change_request(request, **values):
    for field, value in values.items():
        setattr(request, field, value)
    request.save()


def _move_municipality(request):
    place = request.participant.municipality
    place.latitude += 1
    place.save()


CHANGES = {
    "online": lambda r: _change_request(r, meets_online=not r.meets_online),
    "in person": lambda r: _change_request(r, meets_in_person=not r.meets_in_person),
    "times": lambda r: _change_request(r, availability=[AVAILABILITY_SLOTS[0]]),
    "language": lambda r: _change_request(r, guide_language="en"),
    "gender wish": lambda r: _change_request(r, gender_wish="female"),
    "birth year": lambda r: _change_participant(r, birth_year=1951),
    "municipality": lambda r: _change_participant(
        r, municipality=Municipality.objects.get(name="Aalborg")
    ),
    "the municipality's position": _move_municipality,
    "experience area": lambda r: r.experience_areas.add(ExperienceArea.objects.last()),
    "interest": lambda r: r.interests.add(Interest.objects.last()),
    "interest removed": lambda r: r.interests.clear(),
    "a declined match": lambda r: _decline(Match.objects.get(request__participant=r.participant)),
    "another request waits": lambda r: SupportRequestFactory(
        participant__organisation=r.organisation
    ),
    # Written without signals: which requests wait is read at every view.
    "withdrawn in bulk": lambda r: type(r).objects.filter(pk=r.pk).update(status="withdrawn"),
}


def _decline(match):
    match.status = Match.Status.DECLINED
    match.save()


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_to_a_waiting_request_is_solved_afresh(org1, solves, change):
    PeerGuideFactory.create_batch(2, organisation=org1)
    request, _ = SupportRequestFactory.create_batch(2, participant__organisation=org1)
    # An earlier match of the same person, still proposed (not a reason to leave the guide out).
    MatchFactory(request__participant=request.participant, status="proposed")
    first = selectors.batch_proposal(org1.pk)
    again = selectors.batch_proposal(org1.pk)
    assert len(solves) == 1  # the second view from the cache, with the same pairs
    assert (again.assignments, again.waiting) == (first.assignments, 2)
    CHANGES[change](request)
    selectors.batch_proposal(org1.pk)
    assert len(solves) == 2
    selectors.batch_proposal(org1.pk)
    assert len(solves) == 2


def test_a_kept_solve_shows_its_pairs_with_their_reasons(org1, solves):
    guide = PeerGuideFactory(organisation=org1)
    request = SupportRequestFactory(participant__organisation=org1)
    selectors.batch_proposal(org1.pk)
    kept = selectors.batch_proposal(org1.pk)
    assert len(solves) == 1
    [pair] = kept.pairs()
    assert (pair.request.pk, pair.guide.pk, kept.waiting) == (request.pk, guide.pk, 1)
    assert pair.reasons


def test_saving_what_the_engine_does_not_read_of_a_person_looks_up_no_request(org1):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request = SupportRequestFactory(participant__organisation=org1)
    person = request.participant

    def looked_up(**change):
        for field, value in change.items():
            setattr(person, field, value)
        with CaptureQueriesContext(connection) as queries:
            person.save(update_fields=list(change))
        return any("matching_supportrequest" in q["sql"] for q in queries.captured_queries)

    assert not looked_up(first_name="Ny")  # a name: the engine does not read it
    assert looked_up(birth_year=1960)  # a birth year: the waiting requests' version is renewed
