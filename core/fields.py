"""Model-choice form fields that answer any id a database column cannot hold with a field error.

Django's `ModelChoiceField` and `ModelMultipleChoiceField` pass the posted id straight into a
queryset lookup. An id that is no whole number is caught there, but one past the column's range
(2**63, -2**63-1, 10**20) is not always: SQLite cannot bind it in `pk__in` and raises
`OverflowError`, a server error for whoever posted it. These fields first run the posted value
through the model field's own `clean` (its type and the database's range validators), so every
such value is "not one of the available choices" at the field, on SQLite and PostgreSQL alike.

Every model-choice field in the project is one of these: forms declare them explicitly,
`checked_formfield` gives them to model forms, and `CheckedChoicesMixin` to every admin form and
inline (`tests/security/test_model_choice_ids.py` fails on a plain Django one).
"""

from __future__ import annotations

import phonenumbers
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField as PhoneNumberFormField
from phonenumber_field.widgets import RegionalPhoneNumberWidget

from core.contacts import DEFAULT_REGION, normalise_email, normalise_phone, parse_phone


class CheckedIdsMixin:
    """Checks a posted id against the model field it will be looked up in."""

    def _lookup_field(self):
        key = self.to_field_name or "pk"
        meta = self.queryset.model._meta
        return meta.pk if key == "pk" else meta.get_field(key)

    def id_fits(self, value) -> bool:
        if isinstance(value, models.Model):
            return True
        try:
            self._lookup_field().clean(value, None)
        except ValidationError:
            return False
        return True


class ModelChoiceField(CheckedIdsMixin, forms.ModelChoiceField):
    def bound_data(self, data, initial):
        # A form shown again with its errors: widgets that look the chosen rows up (the admin's
        # autocomplete) must not be handed an id the database cannot take.
        data = super().bound_data(data, initial)
        return data if data in self.empty_values or self.id_fits(data) else None

    def to_python(self, value):
        if value not in self.empty_values and not self.id_fits(value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class ModelMultipleChoiceField(CheckedIdsMixin, forms.ModelMultipleChoiceField):
    def bound_data(self, data, initial):
        data = super().bound_data(data, initial)
        if isinstance(data, list | tuple):
            return [pk for pk in data if pk in self.empty_values or self.id_fits(pk)]
        return data

    def _check_values(self, value):
        if isinstance(value, list | tuple):
            for pk in value:
                if pk in self.empty_values:
                    continue  # Django's own check names this one
                if not self.id_fits(pk):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)


def checked_formfield(db_field, **kwargs):
    """A model field's form field, with the checked classes for relations (a model form's
    `formfield_callback`)."""
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    elif isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", ModelChoiceField)
    return db_field.formfield(**kwargs)


class CheckedChoicesMixin:
    """Admin or inline mixin: foreign-key and many-to-many fields use the checked classes."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", ModelChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# --- One phone field ------------------------------------------------------------------------------
# Every phone number a person types (a participant on a public form or their status page, a
# coordinator entering someone, a guide's own number) goes through one form field and is stored by
# one model field, in E.164 ("+4520304050"): parsed by django-phonenumber-field (Google's
# libphonenumber), Danish when no country code is given. The value stays a plain string in Python,
# so templates, exports and the outbox read it as text; the form shows it back the Danish way.


class PhoneFormField(PhoneNumberFormField):
    """A phone number, Danish unless it starts with a country code; cleans to E.164 or ""."""

    default_error_messages = {
        "invalid": _(
            "This is not a phone number we can use. Write 8 digits, e.g. 20 30 40 50, or a "
            "foreign number with its country code, e.g. +46 70 123 45 67."
        ),
    }

    def __init__(self, *, region=None, attrs=None, **kwargs):
        kwargs.setdefault("label", _("Phone number"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 30)
        region = region or getattr(settings, "PHONENUMBER_DEFAULT_REGION", "DK")
        widget = RegionalPhoneNumberWidget(
            region=region, attrs={"autocomplete": "tel", "inputmode": "tel", **(attrs or {})}
        )
        kwargs.pop("widget", None)
        super().__init__(region=region, widget=widget, **kwargs)
        # The library sets its own "invalid" message; ours says what to write.
        self.error_messages["invalid"] = self.default_error_messages["invalid"]

    def clean(self, value) -> str:
        number = super().clean(value)
        if number in self.empty_values:
            return ""
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalised_phone(value) -> str:
    """E.164 when ``value`` parses as a phone number (Danish by default), else the text as is."""
    return normalise_phone(str(value or ""))


def validate_phone(value) -> None:
    """A phone number libphonenumber calls valid (core.contacts.parse_phone reads it), or blank."""
    text = str(value or "").strip()
    if not text:
        return
    number = parse_phone(text, getattr(settings, "PHONENUMBER_DEFAULT_REGION", DEFAULT_REGION))
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(PhoneFormField.default_error_messages["invalid"], code="invalid")


class PhoneField(models.CharField):
    """A phone number stored in E.164 (a plain string). Blank is allowed and stored as ""."""

    default_validators = [validate_phone]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = normalised_phone(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        # Lookups too: filter(phone="20 30 40 50") finds "+4520304050".
        return normalised_phone(super().get_prep_value(value))

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneFormField, **kwargs})


class EmailAddressField(models.EmailField):
    """An e-mail address stored case-folded and stripped (core.contacts.normalise_email), on every
    write and in lookups, so "Mette@Mail.dk" and "mette@mail.dk" are one address."""

    def pre_save(self, model_instance, add):
        value = normalise_email(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        return normalise_email(super().get_prep_value(value))
