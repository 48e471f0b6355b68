"""The crisis box: where to get help at once, on every participant page and in every e-mail.

    {% load crisis %}{% crisis_box %}            on a page (the base template does this)
    {% crisis_lines %} / {% crisis_lines html=True %}   in an e-mail footer

The organisation is taken from the template's `crisis_organisation`, else `organisation`, else
the organisation of a `cohort`, `support_request`, `participant`, `measurement` or `match` in
the context; without one, the national contacts and the site's contact address are shown.
"""

from __future__ import annotations

from django import template

from core.models import Organisation
from core.selectors import crisis_contacts

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


@register.inclusion_tag("includes/crisis_box.html", takes_context=True)
def crisis_box(context):
    return _context(context)


@register.inclusion_tag("core/email/crisis_lines.txt", takes_context=True)
def crisis_lines(context):
    return _context(context)


@register.inclusion_tag("core/email/crisis_lines.html", takes_context=True)
def crisis_lines_html(context):
    return _context(context)
