"""Coordinators merge two records of one person: everything moves, conflicts keep one of two,
the duplicate's addresses stay only as keyed hashes, and a merge record says who did it."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.contacts import contact_digest
from courses.models import Attendance, Enrollment
from matching.models import Match
from participants.merging import merge_participants, plan_merge
from participants.models import Consent, ContactHistory, MergeRecord, Participant
from tests.factories import (
    MatchFactory,
    ParticipantFactory,
    SupportRequestFactory,
    coordinator_of,
    make_cohort,
    who5_measurement,
)

pytestmark = pytest.mark.django_db


def consent(participant, purpose="support", **kwargs):
    return Consent.objects.create(
        participant=participant, purpose=purpose, text_version="t", **kwargs
    )


def enroll(cohort, participant, status):
    now = timezone.now()
    return Enrollment.objects.create(
        cohort=cohort,
        participant=participant,
        status=status,
        enrolled_at=now if status == "enrolled" else None,
        confirmed_at=None if status == "pending" else now,
    )


@pytest.fixture
def pair(org1):
    survivor = ParticipantFactory(organisation=org1, first_name="Mette", phone="")
    duplicate = ParticipantFactory(
        organisation=org1, first_name="Mette", email="mette.h@mail.dk", phone="20304050"
    )
    return survivor, duplicate


def test_everything_moves_and_the_duplicate_is_gone(pair, coordinator1):
    survivor, duplicate = pair
    match = MatchFactory(request__participant=duplicate)
    cohort = make_cohort(duplicate.organisation)
    enroll(cohort, duplicate, "enrolled")
    who5_measurement(duplicate, raw_score=15)
    consent(duplicate, "evaluation")
    record = merge_participants(survivor=survivor, duplicate=duplicate, actor=coordinator1)

    assert not Participant.objects.filter(pk=duplicate.pk).exists()
    assert Match.objects.get(pk=match.pk).request.participant == survivor
    assert survivor.enrollments.get().cohort == cohort
    assert survivor.wellbeing_measurements.get().raw_score == 15
    assert survivor.consents.filter(purpose="evaluation").exists()
    survivor.refresh_from_db()
    assert survivor.phone == "+4520304050"  # a missing detail is taken over
    assert survivor.email != "mette.h@mail.dk"  # its own address stays
    digests = set(
        ContactHistory.objects.filter(participant=survivor).values_list("digest", flat=True)
    )
    assert contact_digest("mette.h@mail.dk") in digests
    assert (record.merged_by, record.duplicate_number) == (coordinator1, duplicate.pk)
    assert record.moved["matching.supportrequest"] == 1
    assert record.moved["courses.enrollment"] == 1
    assert "mette" not in str(record.moved) + str(record.left_out)  # no contact details


def test_both_on_one_cohort_keeps_the_seat_and_says_so(pair, coordinator1):
    survivor, duplicate = pair
    cohort = make_cohort(survivor.organisation)
    pending = enroll(cohort, survivor, "pending")
    seat = enroll(cohort, duplicate, "enrolled")
    plan = plan_merge(survivor=survivor, duplicate=duplicate, actor=coordinator1)
    [conflict] = plan.conflicts
    assert "tilmeldt" in conflict.kept.lower() or "enrolled" in conflict.kept.lower()
    assert conflict.how in ("deleted", "slettet")

    merge_participants(survivor=survivor, duplicate=duplicate, actor=coordinator1)
    assert list(Enrollment.objects.filter(cohort=cohort)) == [seat]
    assert Enrollment.objects.get(pk=seat.pk).participant == survivor
    assert not Enrollment.objects.filter(pk=pending.pk).exists()


def test_two_open_requests_keep_the_one_further_along(pair, coordinator1):
    survivor, duplicate = pair
    waiting = SupportRequestFactory(participant=survivor, status="waiting")
    matched = MatchFactory(request__participant=duplicate, status="active").request
    merge_participants(survivor=survivor, duplicate=duplicate, actor=coordinator1)
    waiting.refresh_from_db()
    matched.refresh_from_db()
    assert waiting.status == "withdrawn"  # set aside, not deleted: its history stays
    assert matched.status == "matched"
    assert set(survivor.support_requests.all()) == {waiting, matched}


def test_consents_and_questionnaires_keep_the_fuller_row(pair, coordinator1):
    survivor, duplicate = pair
    earlier = consent(duplicate, given_at=timezone.now() - timezone.timedelta(days=30))
    consent(survivor)
    who5_measurement(survivor, source_id=7)  # pending
    answered = who5_measurement(duplicate, source_id=7, raw_score=20)
    record = merge_participants(survivor=survivor, duplicate=duplicate, actor=coordinator1)
    assert list(survivor.consents.filter(purpose="support")) == [earlier]
    assert list(survivor.wellbeing_measurements.all()) == [answered]
    assert record.left_out == {"participants.consent": 1, "participants.wellbeingmeasurement": 1}


def test_deleting_the_row_not_kept_takes_its_attendance_and_the_preview_says_so(pair, coordinator1):
    survivor, duplicate = pair
    cohort = make_cohort(survivor.organisation)
    enroll(cohort, survivor, "enrolled")
    theirs = enroll(cohort, duplicate, "waitlisted")
    session = cohort.sessions.first()
    Attendance.objects.create(session=session, enrollment=theirs, status="present")
    [conflict] = plan_merge(survivor=survivor, duplicate=duplicate, actor=coordinator1).conflicts
    assert [count for _name, count in conflict.with_it] == [1]


def test_refusals(org1, org2, coordinator1, coordinator2):
    mine = ParticipantFactory(organisation=org1)
    also_mine = ParticipantFactory(organisation=org1)
    theirs = ParticipantFactory(organisation=org2)
    cases = [
        (mine, mine, coordinator1, "same"),
        (mine, theirs, coordinator1, "other_organisation"),
        (mine, also_mine, coordinator2, "scope"),
    ]
    for survivor, duplicate, actor, code in cases:
        with pytest.raises(ValidationError) as error:
            merge_participants(survivor=survivor, duplicate=duplicate, actor=actor)
        assert error.value.code == code
    Participant.objects.filter(pk=also_mine.pk).update(anonymised_at=timezone.now())
    also_mine.refresh_from_db()
    with pytest.raises(ValidationError):
        merge_participants(survivor=mine, duplicate=also_mine, actor=coordinator1)
    assert Participant.objects.filter(pk__in=[mine.pk, also_mine.pk, theirs.pk]).count() == 3
    assert not MergeRecord.objects.exists()


# --- the admin pages ------------------------------------------------------------------------


def test_preview_lists_what_moves_and_confirm_merges(client, pair, coordinator1):
    survivor, duplicate = pair
    SupportRequestFactory(participant=duplicate, status="waiting")
    SupportRequestFactory(participant=survivor, status="waiting")
    cohort = make_cohort(survivor.organisation)
    enroll(cohort, duplicate, "enrolled")
    client.force_login(coordinator1)
    url = reverse("admin:participants_participant_merge_preview", args=[survivor.pk, duplicate.pk])
    page = client.get(url)
    assert page.status_code == 200
    text = page.text
    assert "mette.h@mail.dk" in text
    assert "merge-conflicts" in text  # both have an open request
    assert str(Enrollment._meta.verbose_name_plural) in text.lower() or "enrollments" in text
    assert Participant.objects.filter(pk=duplicate.pk).exists()  # a preview writes nothing

    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    assert not Participant.objects.filter(pk=duplicate.pk).exists()
    change = client.get(reverse("admin:participants_participant_change", args=[survivor.pk]))
    # The merge record on the kept record's page: who, and what moved.
    assert 'id="merge_records-group"' in change.text
    assert coordinator1.get_full_name() in change.text


def test_another_organisations_record_is_not_found(client, org1, org2, coordinator1):
    mine = ParticipantFactory(organisation=org1)
    theirs = ParticipantFactory(organisation=org2)
    client.force_login(coordinator1)
    for args in ((mine.pk, theirs.pk), (theirs.pk, mine.pk)):
        url = reverse("admin:participants_participant_merge_preview", args=args)
        assert client.get(url).status_code == 404
        assert client.post(url, {"confirm": "yes"}).status_code == 404
    chooser = reverse("admin:participants_participant_merge", args=[mine.pk])
    response = client.get(chooser, {"other": theirs.pk})
    assert response.status_code == 200
    assert theirs.email not in response.text
    assert Participant.objects.count() == 2


def test_the_action_takes_exactly_two(client, pair, coordinator1):
    survivor, duplicate = pair
    client.force_login(coordinator1)
    changelist = reverse("admin:participants_participant_changelist")
    response = client.post(
        changelist, {"action": "merge_two", "_selected_action": [survivor.pk, duplicate.pk]}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:participants_participant_merge_preview", args=[survivor.pk, duplicate.pk]
    )
    response = client.post(
        changelist, {"action": "merge_two", "_selected_action": [survivor.pk]}, follow=True
    )
    assert "exactly two" in response.text or "præcis to" in response.text


@pytest.mark.parametrize("others", [1, 12])
def test_the_chooser_costs_the_same_for_few_and_many(
    client, org1, coordinator1, others, django_assert_max_num_queries
):
    mette = ParticipantFactory(organisation=org1, first_name="Mette")
    for _ in range(others):
        ParticipantFactory(organisation=org1, first_name="Mette")
    client.force_login(coordinator1)
    url = reverse("admin:participants_participant_merge", args=[mette.pk])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert len(re.findall(rf"/{mette.pk}/merge/\d+/", response.text)) == others


def test_a_coordinator_of_one_organisation_cannot_merge_by_number(client, org1, org2):
    mine = ParticipantFactory(organisation=org1)
    theirs = ParticipantFactory(organisation=org2)
    coordinator = coordinator_of(org1)
    client.force_login(coordinator)
    response = client.get(
        reverse("admin:participants_participant_merge", args=[mine.pk]), {"other": theirs.pk}
    )
    assert response.status_code == 200  # shown again with an error, nothing revealed
    assert 'class="errorlist"' in response.text
    assert theirs.email not in response.text
    assert Participant.objects.count() == 2


def _two_records_with(org, rows: int):
    """Two records of one person, each with `rows` of most kinds, half of them in conflict."""
    survivor = ParticipantFactory(organisation=org, first_name="Mette", phone="")
    duplicate = ParticipantFactory(organisation=org, first_name="Mette", phone=f"2030405{rows}")
    SupportRequestFactory(participant=survivor, status="waiting")
    SupportRequestFactory(participant=duplicate, status="waiting")  # both open: a conflict
    for number in range(rows):
        MatchFactory(
            request__participant=duplicate,
            request__status="closed",
            status="ended",
            closure_reason="goals_reached",
        )
        cohort = make_cohort(org, title=f"Hold {number}")
        enroll(cohort, survivor, "pending")
        theirs = enroll(cohort, duplicate, "enrolled")  # one seat each: a conflict
        Attendance.objects.create(
            session=cohort.sessions.first(), enrollment=theirs, status="present"
        )
        who5_measurement(survivor, source_id=number)
        who5_measurement(duplicate, source_id=number, raw_score=15)  # a conflict
        ContactHistory.objects.create(
            participant=duplicate, kind="email", digest=contact_digest(f"old{number}@mail.dk")
        )
    for purpose in ("support", "evaluation"):
        consent(survivor, purpose)
        consent(duplicate, purpose)
    return survivor, duplicate


def test_the_merge_preview_costs_the_same_for_few_and_many_rows(client, org1, coordinator1):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coordinator1)
    counts = {}
    for rows in (1, 4):
        survivor, duplicate = _two_records_with(org1, rows)
        url = reverse(
            "admin:participants_participant_merge_preview", args=[survivor.pk, duplicate.pk]
        )
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url)
        assert page.status_code == 200
        # One open request, the seats and the WHO-5 answers, two consents.
        assert page.text.count("<tr><td>") == 1 + 2 * rows + 2
        counts[rows] = len(captured)
    assert counts[4] == counts[1], counts
    assert counts[1] <= 40, counts
