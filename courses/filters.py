"""The catalogue's filters (django-filter): programme, municipality or region, online, month."""

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import dates
from core.filters import municipality_filter, online_filter
from core.models import Region
from courses.models import Cohort, Programme


def month_choices(today=None) -> list[tuple[str, str]]:
    """The next twelve months as ("2026-10", "oktober 2026")."""
    today = today or timezone.localdate()
    choices = []
    year, month = today.year, today.month
    for _i in range(12):
        day = datetime.date(year, month, 1)
        choices.append((day.strftime("%Y-%m"), dates.month(day)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return choices


class CatalogueFilter(django_filters.FilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=_("Course"),
        queryset=Programme.objects.filter(is_active=True).order_by("name"),
        empty_label=_("All courses"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="municipality__region",
        queryset=Region.objects.order_by("name"),
        empty_label=_("All regions"),
    )
    municipality = municipality_filter()
    online = online_filter()
    month = django_filters.ChoiceFilter(
        label=_("Starts in"),
        choices=month_choices,
        method="filter_month",
        empty_label=_("Any month"),
    )

    class Meta:
        model = Cohort
        fields = ["programme", "region", "municipality", "online", "month"]

    def filter_month(self, queryset, name, value):
        try:
            year, month = (int(part) for part in value.split("-"))
            start = datetime.date(year, month, 1)
        except ValueError:
            return queryset
        end = datetime.date(year + (month == 12), month % 12 + 1, 1)
        tz = timezone.get_current_timezone()
        return queryset.filter(
            first_start__gte=datetime.datetime.combine(start, datetime.time(), tzinfo=tz),
            first_start__lt=datetime.datetime.combine(end, datetime.time(), tzinfo=tz),
        )
