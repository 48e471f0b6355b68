"""An id that no database column holds (past 64 bits, or no number at all) posted to any
model-choice field is a field error, never a server error, on SQLite and PostgreSQL alike; and
every model-choice field in the project is one of the checked classes of `core.fields`, so a new
form or admin page cannot bring the 500 back."""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from core.fields import CheckedIdsMixin, ModelChoiceField, ModelMultipleChoiceField
from core.models import Interest, Organisation

pytestmark = pytest.mark.django_db

# Ids that no primary-key column holds: past 64 bits either way, far past, and a float.
UNHOLDABLE_IDS = [str(2**63), str(-(2**63) - 1), str(10**20), "1e400", "abc", "1.5", "\x00"]

PROJECT_APPS = [
    "core",
    "volunteers",
    "participants",
    "matching",
    "courses",
    "notifications",
    "reports",
    "dashboard",
]


@pytest.mark.parametrize("value", UNHOLDABLE_IDS)
def test_single_choice_answers_with_a_field_error(org1, value):
    form_class = type("F", (forms.Form,), {"o": ModelChoiceField(Organisation.objects.all())})
    form = form_class({"o": value})
    assert not form.is_valid()
    assert form.errors["o"]


@pytest.mark.parametrize("value", UNHOLDABLE_IDS)
def test_multiple_choice_answers_with_a_field_error(value):
    good = Interest.objects.first()
    form_class = type("F", (forms.Form,), {"i": ModelMultipleChoiceField(Interest.objects.all())})
    form = form_class({"i": [str(good.pk), value]})
    assert not form.is_valid()
    assert form.errors["i"]


def test_real_ids_still_choose(org1):
    interests = list(Interest.objects.all()[:2])
    form_class = type(
        "F",
        (forms.Form,),
        {
            "o": ModelChoiceField(Organisation.objects.all()),
            "i": ModelMultipleChoiceField(Interest.objects.all()),
        },
    )
    form = form_class({"o": str(org1.pk), "i": [str(i.pk) for i in interests]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["o"] == org1
    assert list(form.cleaned_data["i"]) == interests


def unchecked(fields):
    return sorted(
        name
        for name, field in fields.items()
        if isinstance(field, forms.ModelChoiceField) and not isinstance(field, CheckedIdsMixin)
    )


def test_every_project_form_uses_the_checked_fields():
    found = []
    for app in PROJECT_APPS:
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.append(name)
                assert not unchecked(cls.base_fields), (module.__name__, name)
    assert "ProfileForm" in found
    assert "SupportRequestForm" in found


def test_every_admin_form_and_inline_uses_the_checked_fields(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PROJECT_APPS and not model_admin.__module__.startswith(
            tuple(PROJECT_APPS)
        ):
            continue
        form = model_admin.get_form(request, None)
        assert not unchecked(form.base_fields), model_admin
        for inline in model_admin.get_inline_instances(request, None):
            formset = inline.get_formset(request, None)
            assert not unchecked(formset.form.base_fields), inline
        checked += 1
    assert checked >= len([m for m in apps.get_models() if m._meta.app_label == "matching"])


def test_every_admin_add_form_answers_unholdable_ids_at_the_field(client, admin_user):
    """Posted to every admin add page a superuser can open: each relation field with each
    unholdable id re-renders the form with an error (or is refused), and nothing is stored."""
    client.force_login(admin_user)
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    tried = 0
    for model, model_admin in admin.site._registry.items():
        if not model_admin.__module__.startswith(tuple(PROJECT_APPS)):
            continue
        if not model_admin.has_add_permission(request):
            continue
        # A page for entering people on their behalf renders its own form (core/onbehalf_admin.py).
        onbehalf = hasattr(model_admin, "get_onbehalf_form")
        if onbehalf:
            fields = model_admin.get_onbehalf_form(request).fields
        else:
            fields = model_admin.get_form(request, None).base_fields
        relations = [n for n, f in fields.items() if isinstance(f, forms.ModelChoiceField)]
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/add/"
        before = model._default_manager.count()
        for name in relations:
            for value in UNHOLDABLE_IDS[:4]:
                response = client.post(url, {name: value})
                assert response.status_code in (200, 403), (url, name, value)
                if response.status_code == 200:
                    context = response.context
                    form = context["form"] if onbehalf else context["adminform"].form
                    assert name in form.errors, (url, name)
                tried += 1
        assert model._default_manager.count() == before, url
    assert tried > 20


@pytest.mark.parametrize("value", UNHOLDABLE_IDS)
@pytest.mark.parametrize("name", ["programme", "region", "municipality"])
def test_the_course_catalogue_filters_answer_unholdable_ids(client, org1, name, value):
    response = client.get(reverse("courses:catalogue"), {name: value})
    assert response.status_code == 200
