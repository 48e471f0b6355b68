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

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


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
