"""The audit trail: django-auditlog records every create, change and delete of the registered
models with who (the request's user, via `AuditlogMiddleware`), when and which fields changed.

This module is the mechanism only and names no domain model: the top-level `dashboard` app lists
what is audited (`dashboard/audit.py`) and calls `register_models` from its `ready()`, so the
dependencies keep pointing one way (DESIGN.md).

The trail is not a second copy of personal data: fields that hold names, contact details, free
text or health data are *masked* — the entry says that the field changed, never its value.
Erasure (privacy/services.py) scrubs what is left (the object's text representation).
"""

from __future__ import annotations

from django.apps import apps

MASK = "•••"
ERASED = "[erased]"


def mask(value: str) -> str:
    """auditlog mask callable: hide the whole value (auditlog's default keeps half of it)."""
    return MASK if value not in ("", "None") else value


def register_models(specs: dict[str, dict]) -> None:
    """Register "app_label.Model" → auditlog.register options. `mask_fields` are masked whole."""
    from auditlog.registry import auditlog

    for label, options in specs.items():
        model = apps.get_model(label)
        if auditlog.contains(model):
            continue
        options = dict(options)
        if options.get("mask_fields"):
            options.setdefault("mask_callable", "core.audit.mask")
        auditlog.register(model, **options)


def entries_for(objects):
    """auditlog entries about the given saved objects (of any models)."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    by_type: dict = {}
    for obj in objects:
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
        by_type.setdefault(content_type, set()).add(str(obj.pk))
    query = Q(pk__in=[])
    for content_type, pks in by_type.items():
        query |= Q(content_type=content_type, object_pk__in=sorted(pks))
    return LogEntry.objects.filter(query)


def scrub_entries(objects, *, object_repr: str | None = None) -> int:
    """Remove personal data from the audit trail of the given objects, keeping who, when and which
    fields changed: values become "[erased]", the text representation is replaced by the object's
    current one (call this after anonymising) or `object_repr`, and the address the change came
    from is dropped. Returns the number of entries scrubbed."""
    from django.contrib.admin.models import LogEntry as AdminLogEntry
    from django.contrib.contenttypes.models import ContentType

    objects = list(objects)
    reprs = {
        (ContentType.objects.get_for_model(obj, for_concrete_model=True).pk, str(obj.pk)): (
            object_repr if object_repr is not None else str(obj)
        )
        for obj in objects
    }
    count = 0
    for entry in entries_for(objects):
        changes = entry.changes_dict or {}
        entry.changes = {
            field: [ERASED if v not in (None, "", "None") else v for v in values]
            if isinstance(values, list | tuple)
            else ERASED
            for field, values in changes.items()
        }
        entry.changes_text = ""
        entry.object_repr = reprs.get((entry.content_type_id, entry.object_pk), ERASED)
        entry.serialized_data = None
        entry.additional_data = None
        entry.remote_addr = None
        entry.remote_port = None
        entry.save(
            update_fields=[
                "changes",
                "changes_text",
                "object_repr",
                "serialized_data",
                "additional_data",
                "remote_addr",
                "remote_port",
            ]
        )
        count += 1
    # Django's own admin history ("History" on a change page) keeps the object's name too.
    for (content_type_id, pk), text in reprs.items():
        AdminLogEntry.objects.filter(content_type_id=content_type_id, object_id=pk).update(
            object_repr=text[:200]
        )
    return count
