"""`{{ obj|tr:"field" }}`: a coordinator's text in the reader's language (core.bilingual)."""

from django import template

from core.bilingual import translated

register = template.Library()


@register.filter
def tr(obj, field: str) -> str:
    if obj is None or obj == "":
        return ""
    method = getattr(obj, "tr", None)
    return method(field) if callable(method) else translated(obj, field)
