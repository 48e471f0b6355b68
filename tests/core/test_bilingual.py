"""Crisis texts in Danish and English (issue 17 point 1): the crisis box, the help lines under every
e-mail and the guide's crisis procedure show the English text to an English reader when there is
one, else the Danish; the admin edits both side by side. And the helper they all use."""

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from core.bilingual import lazy_text, translated
from core.models import CrisisContact, ExperienceArea, Municipality
from notifications.services import queue_email
from tests.factories import (
    PeerGuideFactory,
    UserFactory,
    coordinator_of,
    make_cohort,
    onboarded,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def odense(org1):
    org1.municipality = Municipality.objects.get(name="Odense")
    org1.save()
    CrisisContact.objects.create(
        organisation=org1,
        name="Psykiatrisk akutmodtagelse",
        name_en="Psychiatric emergency department",
        phone="65 41 11 11",
        when="Døgnet rundt",
        when_en="Day and night",
        description="Hvis du har brug for hjælp med det samme",
        description_en="If you need help straight away",
        order=5,
    )
    return org1


def test_the_crisis_box_is_in_the_reader_s_language(client, odense):
    url = reverse("courses:detail", args=[make_cohort(odense).pk])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).text
    assert "Psychiatric emergency department:" in english
    assert "Day and night" in english
    assert "If you need help straight away" in english
    # A contact without English texts (the national ones here) keeps its Danish name.
    assert "Livslinien:" in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    danish = client.get(url).text
    assert "Psykiatrisk akutmodtagelse:" in danish
    assert "Døgnet rundt" in danish
    assert "Psychiatric emergency department" not in danish


def test_the_help_lines_under_an_e_mail_follow_the_recipient_s_language(odense):
    def lines(language):
        return queue_email(
            kind=f"test.{language}",
            to=f"{language}@example.test",
            template="courses/email/withdrawn",
            context={"first_name": "Ida", "organisation": odense},
            language=language,
        ).body_text

    assert "Psychiatric emergency department: 65 41 11 11 (Day and night)" in lines("en")
    assert "Psykiatrisk akutmodtagelse: 65 41 11 11 (Døgnet rundt)" in lines("da")


def test_the_guide_s_crisis_procedure_in_english(client, odense):
    coordinator_of(odense, email="mette@example.test")
    guide = onboarded(PeerGuideFactory(organisation=odense))
    client.force_login(guide.user)
    odense.crisis_procedure = "Ring til vagttelefonen."
    odense.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Ring til vagttelefonen." in client.get(reverse("dashboard:crisis")).text
    odense.crisis_procedure_en = "Call the duty phone."
    odense.save()
    english = client.get(reverse("dashboard:crisis")).text
    assert "Call the duty phone." in english
    assert "Ring til vagttelefonen." not in english


def test_the_crisis_contact_admin_edits_both_languages_side_by_side(client, odense):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    contact = CrisisContact.objects.get(organisation=odense)
    page = client.get(reverse("admin:core_crisiscontact_change", args=[contact.pk])).text
    for field in ("name", "when", "description"):
        assert f'name="{field}"' in page
        assert f'name="{field}_en"' in page
        assert f"form-row field-{field} field-{field}_en" in page
    assert 'value="Psychiatric emergency department"' in page


def test_the_organisation_admin_has_the_crisis_procedure_in_both_languages(client, odense):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:core_organisation_change", args=[odense.pk])).text
    assert "form-row field-crisis_procedure field-crisis_procedure_en" in page


def test_translated_and_the_template_filter():
    area = ExperienceArea(name="Angst", name_en="Anxiety")
    empty = ExperienceArea(name="Sorg", name_en="")
    template = Template('{% load bilingual %}{{ area|tr:"name" }}/{{ empty|tr:"name" }}')
    with translation.override("en"):
        assert translated(area, "name") == "Anxiety"
        assert template.render(Context({"area": area, "empty": empty})) == "Anxiety/Sorg"
    with translation.override("da"):
        assert template.render(Context({"area": area, "empty": empty})) == "Angst/Sorg"


def test_a_lazy_text_is_worked_out_in_the_language_it_is_rendered_in():
    area = ExperienceArea(name="Angst", name_en="Anxiety")
    text = lazy_text(lambda: translated(area, "name"))
    with translation.override("en"):
        assert str(text) == "Anxiety"
    with translation.override("da"):
        assert str(text) == "Angst"
