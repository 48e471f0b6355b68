"""Filters the public pages share (django-filter): the course catalogue and the activity calendar
both let a visitor pick a municipality and whether to meet online or in person."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.models import Municipality


def municipality_filter(*, field_name: str = "municipality") -> django_filters.ModelChoiceFilter:
    """Any municipality, by name; empty means all of them."""
    return django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        field_name=field_name,
        queryset=Municipality.objects.order_by("name"),
        empty_label=_("All municipalities"),
    )


def online_filter(*, field_name: str = "is_online") -> django_filters.ChoiceFilter:
    """Value 1 keeps what meets online (`field_name` true), 0 what meets in person; empty both."""

    def filter_online(queryset, name, value):
        return queryset.filter(**{field_name: value == "1"})

    return django_filters.ChoiceFilter(
        label=_("Where"),
        choices=[("1", _("Online")), ("0", _("Meet in person"))],
        method=filter_online,
        empty_label=_("Online and in person"),
    )
