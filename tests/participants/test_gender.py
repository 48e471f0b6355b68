"""Gender is optional on the public sign-up and on-behalf forms: "prefer not to say" is the
default, an answer is stored, and erasure clears it."""

import datetime

import pytest
from django.utils import timezone

from participants.models import Participant
from privacy.services import erase_participant
from tests.factories import ParticipantFactory, make_cohort
from tests.form_data import course_signup_data as _form

pytestmark = pytest.mark.django_db


def _cohort(org):
    return make_cohort(org, first_date=timezone.localdate() + datetime.timedelta(days=20))


def test_the_public_form_offers_gender_with_prefer_not_to_say_chosen(client, org1):
    page = client.get(_cohort(org1).get_absolute_url()).text
    assert '<option value="" selected>Vil ikke oplyse</option>' in page
    assert '<option value="female">Kvinde</option>' in page


@pytest.mark.parametrize(("answer", "stored"), [("female", "female"), ("", ""), (None, "")])
def test_signing_up_stores_the_gender_given(client, org1, answer, stored):
    data = _form() if answer is None else _form(gender=answer)
    response = client.post(_cohort(org1).get_absolute_url(), data)
    assert response.status_code == 302
    assert Participant.objects.get(email="ida@example.test").gender == stored


def test_an_unknown_gender_is_refused_at_the_field(client, org1):
    response = client.post(_cohort(org1).get_absolute_url(), _form(gender="robot"))
    assert response.status_code == 200  # the form again, with its error
    assert "gender" in response.context["form"].errors
    assert not Participant.objects.filter(email="ida@example.test").exists()


def test_erasure_clears_gender(org1):
    person = ParticipantFactory(organisation=org1, gender="male")
    erase_participant(participant=person, actor=None)
    person.refresh_from_db()
    assert person.gender == ""
