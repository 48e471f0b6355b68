"""The crisis box: where to get help at once, on every participant page and in every e-mail.

    {% load crisis %}{% crisis_box %}            on a page (the base template does this)
    {% crisis_lines %} / {% crisis_lines html=True %}   in an e-mail footer

The organisation is taken from the template's `crisis_organisation`, else `organisation`, else
the organisation of a `cohort`, `support_request`, `participant`, `measurement` or `match` in
the context; without one, the national contacts and the site's contact address are shown.
"""

from __future__ import annotations

import time

from django import template
from django.utils import translation

from core.models import Organisation
from core.selectors import CRISIS_CACHE_SECONDS, crisis_contacts, crisis_version

register = template.Library()

_CARRIERS = ("cohort", "support_request", "participant", "measurement", "match", "enrollment")


def organisation_in(context) -> Organisation | None:
    for key in ("crisis_organisation", "organisation"):
        value = context.get(key)
        if isinstance(value, Organisation):
            return value
    for key in _CARRIERS:
        value = context.get(key)
        organisation = getattr(value, "organisation", None)
        if isinstance(organisation, Organisation):
            return organisation
    return None


def _context(context) -> dict:
    organisation = organisation_in(context)
    return {
        "contacts": crisis_contacts(organisation),
        "crisis_org": organisation,
        "CONTACT_EMAIL": context.get("CONTACT_EMAIL"),
    }


# The rendered box and e-mail footers, per crisis version, organisation, language, template and
# contact address: the same for every page and every e-mail of an organisation, so rendered once
# (a batch of 10,000 reminders renders each footer once, not 10,000 times). A change to a contact
# or an organisation gives a new version (core.signals); entries also expire like the cached
# contacts do.
_RENDERED: dict[tuple, tuple[float, str]] = {}
_RENDERED_MAX = 512


def _render(context, template_name: str) -> str:
    organisation = organisation_in(context)
    version = crisis_version()
    key = (
        version,
        organisation.pk if organisation else None,
        translation.get_language(),
        template_name,
        context.get("CONTACT_EMAIL"),
        context.autoescape,
    )
    now = time.monotonic()
    if version is not None:
        hit = _RENDERED.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
    template = context.template.engine.get_template(template_name)
    rendered = template.render(context.new(_context(context)))
    if version is not None:
        if len(_RENDERED) >= _RENDERED_MAX:
            _RENDERED.clear()
        _RENDERED[key] = (now + CRISIS_CACHE_SECONDS, rendered)
    return rendered


@register.simple_tag(takes_context=True)
def crisis_box(context):
    return _render(context, "includes/crisis_box.html")


@register.simple_tag(takes_context=True)
def crisis_lines(context):
    return _render(context, "core/email/crisis_lines.txt")


@register.simple_tag(takes_context=True)
def crisis_lines_html(context):
    return _render(context, "core/email/crisis_lines.html")
