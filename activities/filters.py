"""The calendar's filters (django-filter): interest, municipality, online, this week or the next
four weeks."""

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Occurrence
from core.filters import municipality_filter, online_filter
from core.models import Interest


class CalendarFilter(django_filters.FilterSet):
    interest = django_filters.ModelChoiceFilter(
        label=_("Interest"),
        field_name="activity__interests",
        queryset=Interest.objects.filter(is_active=True).order_by("position", "name"),
        empty_label=_("All interests"),
    )
    municipality = municipality_filter(field_name="activity__municipality")
    online = online_filter(field_name="activity__is_online")
    period = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("week", _("This week")), ("4weeks", _("The next 4 weeks"))],
        method="filter_period",
        empty_label=_("All coming dates"),
    )

    class Meta:
        model = Occurrence
        fields = ["interest", "municipality", "online", "period"]

    def filter_period(self, queryset, name, value):
        today = timezone.localdate()
        if value == "week":
            end = today + datetime.timedelta(days=7 - today.weekday())  # next Monday
        else:
            end = today + datetime.timedelta(weeks=4)
        tz = timezone.get_current_timezone()
        return queryset.filter(
            starts_at__lt=datetime.datetime.combine(end, datetime.time(), tzinfo=tz)
        )
