"""The admin site, with sections on its front page that apps above core contribute.

core may not import the apps that know what a coordinator should look at first, so it offers a
registry instead: an app registers a section (a template and a function that builds its context
from the request) in its `ready()`, and the front page shows each section above the list of
models. reports registers the coordinator's overview this way (reports.apps).

Installed in settings as "core.admin_site.PeerAdminConfig" in place of "django.contrib.admin",
so `admin.site` (and every `@admin.register`) is this site.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig


@dataclass(frozen=True)
class IndexSection:
    key: str
    template: str
    context: Callable  # (request) -> dict, or None to leave the section out


_sections: dict[str, IndexSection] = {}


def register_index_section(*, key: str, template: str, context: Callable) -> None:
    """Show `template` on the admin's front page, rendered with `context(request)`. Registering
    the same key again replaces it (so a repeated `ready()` adds nothing twice)."""
    _sections[key] = IndexSection(key=key, template=template, context=context)


def index_sections(request) -> list[dict]:
    sections = []
    for section in _sections.values():
        context = section.context(request)
        if context is not None:
            sections.append({"key": section.key, "template": section.template, **context})
    return sections


class PeerAdminSite(AdminSite):
    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "index_sections": index_sections(request)}
        return super().index(request, extra_context)


class PeerAdminConfig(AdminConfig):
    default_site = "core.admin_site.PeerAdminSite"
