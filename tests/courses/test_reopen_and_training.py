"""A finished cohort can be reopened by an organisation admin within 14 days, with a reason in
its history. Finishing the peer-guide training ticks the training off on each completer's
onboarding checklist."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core import dates
from core.models import Membership
from core.services import set_membership
from courses import services
from courses.models import Attendance, Cohort, CohortStatusChange, Enrollment
from tests.factories import PeerGuideFactory, UserFactory, make_cohort, make_enrollment, onboarded
from volunteers.models import TrainingRecord
from volunteers.services import missing_onboarding

pytestmark = pytest.mark.django_db

PAST = timezone.localdate() - datetime.timedelta(weeks=12)


@pytest.fixture
def org_admin(org1):
    user = UserFactory(email="leder@example.test")
    set_membership(user=user, organisation=org1, role=Membership.Role.ADMIN)
    user.refresh_from_db()
    return user


def _attend(cohort, enrollment, count):
    for session in cohort.sessions.filter(number__gte=1).order_by("number")[:count]:
        Attendance.objects.create(session=session, enrollment=enrollment, status="present")


@pytest.fixture
def finished(org1, coordinator1):
    cohort = make_cohort(org1, status="running", first_date=PAST)
    enrollment = make_enrollment(cohort, first_name="Ida")
    _attend(cohort, enrollment, 8)
    services.finish_cohort(cohort=cohort, actor=coordinator1)
    cohort.refresh_from_db()
    return cohort


def test_an_organisation_admin_reopens_with_a_reason_kept_in_the_history(finished, org_admin):
    with pytest.raises(ValidationError, match="(Write why|Skriv, hvorfor)"):
        services.reopen_cohort(cohort=finished, actor=org_admin, reason="  ")
    services.reopen_cohort(cohort=finished, actor=org_admin, reason="Fremmøde til gang 6 manglede")
    finished.refresh_from_db()
    assert finished.status == "running"
    last = finished.history.order_by("-at", "-pk").first()
    assert (last.from_status, last.to_status) == ("finished", "running")
    assert last.actor == org_admin
    assert last.note == "Fremmøde til gang 6 manglede"
    assert finished.enrollments.get().status == "enrolled"  # the result is taken back
    services.finish_cohort(cohort=finished, actor=org_admin)  # and set again on finishing
    assert finished.enrollments.get().status == "completed"


def test_a_plain_coordinator_cannot_reopen(finished, coordinator1, client):
    with pytest.raises(ValidationError) as refused:
        services.reopen_cohort(cohort=finished, actor=coordinator1, reason="Fejl")
    assert refused.value.code == "not_allowed"
    client.force_login(coordinator1)
    response = client.post(
        reverse("admin:courses_cohort_reopen", args=[finished.pk]), {"reason": "Fejl"}, follow=True
    )
    assert "organisation admin" in response.text or "organisationsadministrator" in response.text
    finished.refresh_from_db()
    assert finished.status == "finished"


def test_reopening_is_possible_for_14_days(finished, org_admin):
    row = finished.history.get(to_status="finished")
    now = timezone.now()
    CohortStatusChange.objects.filter(pk=row.pk).update(at=now - datetime.timedelta(days=13))
    services.check_can_reopen(cohort=finished, actor=org_admin)
    CohortStatusChange.objects.filter(pk=row.pk).update(at=now - datetime.timedelta(days=15))
    with pytest.raises(ValidationError) as refused:
        services.reopen_cohort(cohort=finished, actor=org_admin, reason="For sent")
    assert refused.value.code == "too_late"
    finished_on = dates.day(now - datetime.timedelta(days=15))
    assert finished_on in refused.value.messages[0]


def test_only_a_finished_cohort_is_reopened(org1, org_admin):
    cohort = make_cohort(org1, status="running", first_date=PAST)
    with pytest.raises(ValidationError):
        services.reopen_cohort(cohort=cohort, actor=org_admin, reason="x")


def test_an_organisation_admin_reopens_from_the_admin(client, finished, org_admin):
    client.force_login(org_admin)
    change = client.get(reverse("admin:courses_cohort_change", args=[finished.pk]))
    url = reverse("admin:courses_cohort_reopen", args=[finished.pk])
    assert url in change.text
    assert client.post(url, {"reason": ""}).status_code == 200  # the reason is required
    response = client.post(url, {"reason": "Fremmøde manglede"})
    assert response.status_code == 302
    finished.refresh_from_db()
    assert finished.status == "running"
    history = client.get(reverse("admin:courses_cohort_change", args=[finished.pk]))
    assert "Fremmøde manglede" in history.text


# --- the peer-guide training -----------------------------------------------------------------


@pytest.fixture
def training(org1):
    cohort = make_cohort(
        org1, programme_name="Peerguideuddannelsen", status="running", first_date=PAST
    )
    assert cohort.completion_min_sessions == 7
    return cohort


def _trainee(cohort, org, name, *, attended):
    guide = onboarded(
        PeerGuideFactory(
            organisation=org,
            status="in_training",
            user__email=f"{name.lower()}@guide.test",
            user__first_name=name,
        ),
        training=False,
    )
    enrollment = make_enrollment(cohort, first_name=name, email=f"{name.upper()}@guide.test")
    _attend(cohort, enrollment, attended)
    return guide, enrollment


def test_finishing_the_training_records_it_on_each_completers_checklist(training, org1):
    done, _e = _trainee(training, org1, "Sofie", attended=8)
    short, _e = _trainee(training, org1, "Mads", attended=5)
    unknown = make_enrollment(training, first_name="Ukendt", email="ukendt@example.test")
    _attend(training, unknown, 8)
    assert len(missing_onboarding(done)) == 1  # only the training is missing
    services.finish_cohort(cohort=training)
    record = TrainingRecord.objects.get()
    assert record.guide == done
    assert record.is_peer_guide_training
    assert record.course_name == "Peerguideuddannelsen"
    last = training.sessions.order_by("-number").first()
    assert record.completed_on == timezone.localtime(last.starts_at).date()
    done.refresh_from_db()
    assert missing_onboarding(done) == []
    assert not short.trainings.exists()
    assert Enrollment.objects.get(pk=unknown.pk).status == "completed"


def test_the_finish_page_says_whose_checklist_gets_the_training(client, coordinator1, training):
    _trainee(training, coordinator1.memberships.get().organisation, "Sofie", attended=8)
    make_enrollment(training, first_name="Ukendt", email="ukendt@example.test")
    client.force_login(coordinator1)
    page = client.get(reverse("admin:courses_cohort_finish", args=[training.pk]))
    results = {r.enrollment.participant.first_name: r for r in page.context["previews"][0][1]}
    assert results["Sofie"].guide is not None
    assert results["Ukendt"].guide is None


def test_reopening_and_changing_a_result_take_the_training_back(training, org1, org_admin):
    guide, enrollment = _trainee(training, org1, "Sofie", attended=8)
    services.finish_cohort(cohort=training)
    assert guide.trainings.count() == 1
    services.reopen_cohort(cohort=training, actor=org_admin, reason="Forkert fremmøde")
    assert not guide.trainings.exists()
    services.finish_cohort(cohort=training)
    assert guide.trainings.count() == 1
    services.override_result(
        enrollment=enrollment, completed=False, reason="Gik ikke op", actor=org_admin
    )
    assert not guide.trainings.exists()
    services.override_result(
        enrollment=enrollment, completed=True, reason="Indhentet", actor=org_admin
    )
    assert guide.trainings.count() == 1


def test_other_programmes_record_no_training(org1):
    cohort = make_cohort(org1, status="running", first_date=PAST)
    enrollment = make_enrollment(cohort, email="sofie@guide.test")
    PeerGuideFactory(organisation=org1, user__email="sofie@guide.test")
    _attend(cohort, enrollment, 8)
    services.finish_cohort(cohort=cohort)
    assert Cohort.objects.get().status == "finished"
    assert not TrainingRecord.objects.exists()
