"""Errors on participants' and guides' pages in the site's own voice (issue 17, point 3)."""

import re

import pytest
from django import forms
from django.utils import translation

from core.forms import PLAIN_BY_NAME, PlainErrorsMixin
from courses.forms import AttendanceForm, SignUpForm
from matching.forms import ContactForm, EndMatchForm, GoalsForm, LogMeetingForm, PlanMeetingForm
from participants.forms import WHO5Form
from plans.forms import ShareForm, SignInForm
from tests.factories import make_cohort
from volunteers.forms import CheckInForm, PauseForm, ProfileForm

PUBLIC_AND_GUIDE_FORMS = [
    SignUpForm, AttendanceForm, ContactForm, EndMatchForm, LogMeetingForm, PlanMeetingForm,
    WHO5Form, CheckInForm, PauseForm, ProfileForm, GoalsForm, SignInForm, ShareForm,
]  # fmt: skip


def _stock_phrases(language: str) -> set[str]:
    """Every stock error message of Django's form fields and validators, in `language`."""
    from django.core import validators

    phrases = set()
    with translation.override(language):
        for cls in [*forms.Field.__subclasses__(), forms.Field, forms.ModelChoiceField]:
            stack = [cls]
            while stack:
                current = stack.pop()
                stack.extend(current.__subclasses__())
                for message in getattr(current, "default_error_messages", {}).values():
                    phrases.add(str(message))
        for validator in (validators.MaxLengthValidator, validators.MinLengthValidator,
                          validators.MaxValueValidator, validators.MinValueValidator):  # fmt: skip
            phrases.add(str(validator.message))
        phrases.add(str(validators.EmailValidator.message))
    return phrases


@pytest.mark.parametrize("form_class", PUBLIC_AND_GUIDE_FORMS, ids=lambda c: c.__name__)
def test_every_form_a_participant_or_guide_fills_in_speaks_plainly(form_class):
    assert issubclass(form_class, PlainErrorsMixin)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["da", "en"])
def test_an_empty_or_wrong_sign_up_gets_plain_messages(client, org1, language):
    cohort = make_cohort(org1)
    with translation.override(language):
        response = client.post(
            cohort.get_absolute_url(),
            {"first_name": "", "email": "not-an-address", "birth_year": "abc"},
            HTTP_ACCEPT_LANGUAGE=language,
        )
    form = response.context["form"]
    with translation.override(language):
        messages = [str(m) for errors in form.errors.values() for m in errors]
    assert messages
    stock = _stock_phrases(language)
    assert not [m for m in messages if m in stock], messages
    with translation.override(language):
        expected = str(PLAIN_BY_NAME["first_name"]["required"])
    assert expected in messages


def test_a_form_keeps_a_message_it_chose_itself():
    class Consent(PlainErrorsMixin, forms.Form):
        agree = forms.BooleanField(error_messages={"required": "Sig ja for at fortsætte."})
        note = forms.CharField(max_length=3)

    form = Consent(data={"note": "abcdef"})
    assert not form.is_valid()
    assert form.errors["agree"] == ["Sig ja for at fortsætte."]
    with translation.override("da"):
        assert re.search(r"højst 3 tegn", str(Consent(data={"note": "abcdef"}).errors["note"]))
