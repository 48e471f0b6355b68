"""Admin actions that call a service once for each chosen object.

A refusal (the service's ValidationError) is shown for that object and the others go on; one
message at the end counts the ones that went through."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib import admin, messages
from django.core.exceptions import ValidationError


def run_for_each(
    modeladmin,
    request,
    objects: Iterable,
    run: Callable,
    *,
    success: Callable[[int], str],
    label: Callable | None = None,
) -> int:
    """`run(obj)` for each object; each refusal is shown (after `label(obj)` when given);
    `success(done)` is shown when any went through. Returns how many did."""
    done = 0
    for obj in objects:
        try:
            run(obj)
        except ValidationError as error:
            text = " ".join(error.messages)
            modeladmin.message_user(
                request, f"{label(obj)}: {text}" if label else text, messages.ERROR
            )
        else:
            done += 1
    if done:
        modeladmin.message_user(request, success(done), messages.SUCCESS)
    return done


def service_action(
    name: str,
    description,
    run: Callable,
    success: Callable[[int], str],
    *,
    label: Callable | None = None,
    related: tuple[str, ...] = (),
):
    """An admin action named `name` that calls `run(obj, request)` for each selected object
    (with `related` rows selected along)."""

    def action(modeladmin, request, queryset):
        if related:
            queryset = queryset.select_related(*related)
        run_for_each(
            modeladmin,
            request,
            queryset,
            lambda obj: run(obj, request),
            success=success,
            label=label,
        )

    action.__name__ = name
    return admin.action(description=description)(action)
