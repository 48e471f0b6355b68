"""The demo in English (issue 17 point 1): the demo programmes, their session plans, the demo
cohorts and the crisis contacts have English texts, and the English course page shows them."""

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from core.models import CrisisContact
from courses.models import Cohort, Programme


def test_the_demo_reads_in_english(db, client):
    call_command("seed_demo")
    wrap = Programme.objects.get(name="WRAP")
    assert wrap.description_en
    assert wrap.neutral_title_en == "Course"
    assert all(item.title_en for item in wrap.plan.all())
    lat = Programme.objects.get(name="Lær at tackle angst og depression")
    assert lat.name_en == "Learn to manage anxiety and depression"
    assert not CrisisContact.objects.filter(organisation=None, name_en="").exists()

    cohort = Cohort.objects.get(title="WRAP i Odense – efterår")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("courses:detail", args=[cohort.pk])).text
    assert "WRAP in Odense – autumn" in page
    assert "Wellness Recovery Action Planning. Over eight weeks" in page
    assert "Welcome to WRAP" in page
    assert "We offer coffee, tea and fruit." in page
    assert "Emergency number:" in page
    assert "Psychiatric emergency department, Odense:" in page
    assert "Velkommen til WRAP" not in page
