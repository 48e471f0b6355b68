"""Entering people on their behalf from the admin: the add page of a model is a plain form that
calls one service (a coordinator on the phone fills in one page, the service holds the rules).

`OnBehalfAddMixin` replaces a ModelAdmin's add view. The ModelAdmin names its form
(`get_onbehalf_form`) and what saving does (`save_onbehalf`, which calls the service and returns
the object and a message). A `ValidationError` from the service lands on the form's fields (by
the keys of its dict) or above the form; the service's transaction means nothing is half-saved.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.choices import ON_BEHALF_SOURCES, EntrySource
from core.fields import ModelChoiceField
from core.models import Municipality, Organisation
from core.scoping import organisation_ids_for, scope_to_user


def add_service_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on a field the form has, else on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class OnBehalfAddMixin:
    onbehalf_template = "admin/onbehalf_form.html"
    onbehalf_title = ""
    onbehalf_intro = ""
    onbehalf_submit = ""

    def get_onbehalf_form(self, request, data=None):
        raise NotImplementedError

    def save_onbehalf(self, request, form):
        """Call the service; return (the saved object, a message for the coordinator)."""
        raise NotImplementedError

    def onbehalf_success_url(self, request, obj) -> str:
        opts = obj._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = self.get_onbehalf_form(
            request, data=request.POST if request.method == "POST" else None
        )
        if request.method == "POST" and form.is_valid():
            try:
                obj, message = self.save_onbehalf(request, form)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                self.log_addition(request, obj, [{"added": {}}])
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(self.onbehalf_success_url(request, obj))
        context = {
            **self.admin_site.each_context(request),
            "title": self.onbehalf_title,
            "intro": self.onbehalf_intro,
            "submit_label": self.onbehalf_submit,
            "form": form,
            "media": self.media + form.media,
            "opts": self.model._meta,
            "has_view_permission": self.has_view_permission(request),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.onbehalf_template, context)


class FieldsetsFormMixin:
    """A plain form laid out in the admin's fieldsets: `fieldsets = [(title, [names], help)]`."""

    fieldsets: list = []

    def get_fieldsets(self) -> list[dict]:
        shown = []
        for title, names, description in self.fieldsets:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                shown.append({"title": title, "fields": fields, "description": description})
        return shown


class OnBehalfForm(FieldsetsFormMixin, forms.Form):
    """What every add-on-their-behalf form asks first: the organisation (the user's own; chosen
    for them when they have one), how the person came in and their municipality."""

    organisation = ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    source = forms.ChoiceField(
        label=_("Came in by"), choices=ON_BEHALF_SOURCES, widget=forms.RadioSelect
    )
    municipality = ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("Not known"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organisation"].queryset = scope_to_user(
            Organisation.objects.order_by("name"), user
        )
        ids = list(organisation_ids_for(user)[:2])
        if len(ids) == 1:
            self.fields["organisation"].initial = ids[0]["organisation_id"]
        self.fields["source"].initial = EntrySource.PHONE
