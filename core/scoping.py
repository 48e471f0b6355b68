"""Organisation scoping: the security boundary between organisations on one installation.

Every model that belongs to an organisation declares `organisation_path`, the lookup from the
model to its `Organisation` ("organisation", "match__organisation", or "pk" for Organisation
itself). `scope_to_user` limits any queryset of such a model to the organisations a user is a
member of; `OrganisationScopedAdminMixin` applies it to an admin's list, change pages, foreign-key
choices and saves, so a coordinator neither sees nor writes another organisation's rows.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.db.models.constants import LOOKUP_SEP

from core.admin_input import CheckedAdminInputMixin
from core.fields import CheckedChoicesMixin


def organisation_ids_for(user) -> models.QuerySet:
    """The ids of the organisations a user is a member of (a lazy subquery)."""
    from core.models import Membership

    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none().values("organisation_id")
    return Membership.objects.filter(user_id=user.pk).values("organisation_id")


def is_scoped_model(model) -> bool:
    return getattr(model, "organisation_path", None) is not None


def _path_is_multivalued(model, path: str) -> bool:
    opts = model._meta
    for name in path.split(LOOKUP_SEP):
        if name == "pk":
            return False
        try:
            field = opts.get_field(name)
        except FieldDoesNotExist:
            return False
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        opts = field.related_model._meta
    return False


def scope_to_organisations(queryset: models.QuerySet, organisation_ids) -> models.QuerySet:
    """Rows of `queryset` that belong to one of `organisation_ids` (ids or a subquery)."""
    model = queryset.model
    path = model.organisation_path
    lookup = {f"{path}__in": organisation_ids}
    if _path_is_multivalued(model, path):
        return queryset.filter(pk__in=model._base_manager.filter(**lookup).values("pk"))
    return queryset.filter(**lookup)


def scope_to_user(queryset: models.QuerySet, user) -> models.QuerySet:
    """Rows of `queryset` that `user` may see: all for a superuser, else their organisations'."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return queryset
    return scope_to_organisations(queryset, organisation_ids_for(user))


def object_in_scope(obj, user) -> bool:
    """Whether a saved or unsaved object belongs to one of the user's organisations."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    path = type(obj).organisation_path
    target = obj
    for name in path.split(LOOKUP_SEP):
        if name == "pk":
            target = target.pk
            break
        target = getattr(target, name, None)
        if target is None:
            return False
    org_id = target.pk if isinstance(target, models.Model) else target
    return organisation_ids_for(user).filter(organisation_id=org_id).exists()


class OrganisationScopedQuerySet(models.QuerySet):
    """QuerySet with `.for_user(user)`; use `OrganisationScopedQuerySet.as_manager()`."""

    def for_user(self, user):
        return scope_to_user(self, user)


class ScopedChoicesMixin(CheckedChoicesMixin):
    """Admin or inline mixin: every foreign key / many-to-many to a scoped model offers only the
    rows of the user's organisations, so a POST naming another organisation's row fails at the
    field with "Select a valid choice" (and, through CheckedChoicesMixin, so does an id no
    database column holds)."""

    def _scoped_choices(self, db_field, request, kwargs):
        related = db_field.related_model
        if related is not None and is_scoped_model(related) and "queryset" not in kwargs:
            kwargs["queryset"] = scope_to_user(related._default_manager.all(), request.user)
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = self._scoped_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = self._scoped_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class OrganisationScopedAdminMixin(CheckedAdminInputMixin, ScopedChoicesMixin):
    """ModelAdmin mixin: a coordinator sees, chooses and saves only their organisations' rows.

    - the list and every change page show only rows of the user's organisations (another
      organisation's object is "not found", not "forbidden");
    - foreign-key and many-to-many choices are scoped (ScopedChoicesMixin);
    - saving an object outside the user's organisations is refused (defence in depth);
    - junk in the list's filters or in the ids ticked for an action is refused before it reaches
      the database (core.admin_input).
    Inlines use ScopedChoicesMixin; their rows come from the scoped parent.
    """

    def get_queryset(self, request):
        return scope_to_user(super().get_queryset(request), request.user)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if getattr(self.model, "organisation_path", None) == "organisation":
            ids = list(organisation_ids_for(request.user)[:2])
            if len(ids) == 1:
                initial.setdefault("organisation", ids[0]["organisation_id"])
        return initial

    def save_model(self, request, obj, form, change):
        if not object_in_scope(obj, request.user):
            raise PermissionDenied(
                "This object belongs to an organisation you are not a member of."
            )
        super().save_model(request, obj, form, change)


ORGANISATION_LIST_FILTER = ("organisation", admin.RelatedOnlyFieldListFilter)


def scoped_view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect (`/admin/r/<type>/<id>/`), answering 404 for an object
    outside the user's organisations, as every other admin page does, instead of confirming that
    it exists by redirecting to it. Routed in front of the admin's own view
    (peerplatform/urls.py)."""
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.contenttypes.views import shortcut
    from django.http import Http404

    from core.twofactor import is_verified

    if not (request.user.is_active and request.user.is_staff and is_verified(request.user)):
        raise Http404
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist as error:
        raise Http404 from error
    if model is not None and is_scoped_model(model):
        visible = scope_to_user(model._default_manager.all(), request.user)
        try:
            found = visible.filter(pk=object_id).exists()
        except (ValueError, TypeError, OverflowError) as error:
            raise Http404 from error
        if not found:
            raise Http404
    return shortcut(request, content_type_id, object_id)
