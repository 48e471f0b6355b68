import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from core.roles import COORDINATOR_GROUP, ORGANISATION_ADMIN_GROUP
from notifications import services
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:notifications_notification_changelist")


@pytest.fixture
def superuser():
    return UserFactory(email="ops@example.test", is_staff=True, is_superuser=True)


@pytest.fixture
def ops_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.parametrize("rows", [5, 50])
def test_outbox_list_costs_a_fixed_number_of_queries(
    ops_client, queue, about, rows, django_assert_max_num_queries
):
    for i in range(rows):
        queue(to=f"p{i}@example.test", about=about, category="reminder")
    ops_client.get(CHANGELIST)  # warm caches (content types, session)

    with django_assert_max_num_queries(7):  # 6 today: session, user, count, rows, kinds
        response = ops_client.get(CHANGELIST + "?status__exact=pending&q=example")

    assert response.status_code == 200
    assert "p0@example.test" in response.text


def test_detail_shows_the_rendered_text_read_only(ops_client, queue, about):
    notification = queue(about=about, attachments=[("a.ics", b"BEGIN:VCALENDAR", "text/calendar")])

    response = ops_client.get(
        reverse("admin:notifications_notification_change", args=[notification.pk])
    )

    assert response.status_code == 200
    assert "Hello Ada" in response.text
    assert 'sandbox=""' in response.text
    assert "a.ics" in response.text
    assert 'name="recipient"' not in response.text  # nothing to edit


def test_resend_action_goes_through_the_service(ops_client, queue):
    failed = queue(to="a@example.test")
    sent = queue(to="b@example.test")
    Notification.objects.filter(pk=failed.pk).update(status="failed", attempts=5)
    Notification.objects.filter(pk=sent.pk).update(status="sent")

    response = ops_client.post(
        CHANGELIST,
        {"action": "resend_failed", "_selected_action": [failed.pk, sent.pk]},
        follow=True,
    )

    assert response.status_code == 200
    failed.refresh_from_db()
    assert failed.status == Notification.Status.PENDING
    assert failed.attempts == 0
    assert services.send_due() == 1
    assert [m.to for m in mail.outbox] == [["a@example.test"]]


def test_suppression_added_in_admin_is_normalised(ops_client):
    response = ops_client.post(
        reverse("admin:notifications_suppression_add"),
        {"recipient": " Ada@Example.test", "category": "reminder"},
    )

    assert response.status_code == 302
    from notifications.models import Suppression

    assert list(Suppression.objects.values_list("recipient", flat=True)) == ["ada@example.test"]


def test_coordinators_do_not_see_the_outbox(client, coordinator1):
    client.force_login(coordinator1)

    assert client.get(CHANGELIST).status_code == 403
    assert client.get(reverse("admin:notifications_suppression_changelist")).status_code == 403


def test_no_role_group_holds_notification_permissions():
    for name in (COORDINATOR_GROUP, ORGANISATION_ADMIN_GROUP):
        group = Group.objects.filter(name=name).first()
        if group is not None:
            assert not group.permissions.filter(content_type__app_label="notifications").exists()
