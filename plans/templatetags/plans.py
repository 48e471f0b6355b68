from django import template

register = template.Library()


@register.filter
def get_part(data, key):
    """A part of a section's saved data: `row.data|get_part:part.key`."""
    return (data or {}).get(key)
