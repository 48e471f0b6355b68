"""The plan's list pages cost the same number of queries with a few rows and with many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans import services
from plans.models import Plan
from tests.factories import make_cohort, make_enrollment, qualified_guide
from tests.plans.conftest import signed_in

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_links(plan, n, views):
    for _ in range(n):
        new = services.create_share_link(plan=plan, section_keys=["crisis", "toolbox"])
        for _ in range(views):
            services.open_share_link(new.link.token)


def test_share_page_and_plan_home(client, participant, django_assert_max_num_queries):
    plan = signed_in(client, participant)
    add_links(plan, 1, 1)
    small = {url: queries(client, url) for url in ("/min-plan/del/", "/min-plan/")}
    add_links(plan, 12, 4)
    for url, count in small.items():
        with django_assert_max_num_queries(count):
            client.get(url)


def test_facilitator_page_with_the_plan_column(client, org1, django_assert_max_num_queries):
    cohort = make_cohort(org1, programme_name="WRAP", status="running", capacity=40)
    facilitator = qualified_guide(org1)
    cohort.facilitators.add(facilitator)
    client.force_login(facilitator.user)
    url = reverse("courses:my_cohort", args=[cohort.pk])

    def enrol(n):
        for i in range(n):
            enrollment = make_enrollment(cohort, first_name=f"D{i}")
            plan = Plan.objects.create(participant=enrollment.participant, organisation=org1)
            services.save_section(plan=plan, key="well", data={"me": ["x"]})

    enrol(2)
    small = queries(client, url)
    enrol(15)
    with django_assert_max_num_queries(small):
        client.get(url)
