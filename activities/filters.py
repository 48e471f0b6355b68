"""The calendar's filters (django-filter): interest, municipality, online, this week or the next
four weeks."""

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Occurrence
from core.models import Interest, Municipality


class CalendarFilter(django_filters.FilterSet):
    interest = django_filters.ModelChoiceFilter(
        label=_("Interest"),
        field_name="activity__interests",
        queryset=Interest.objects.filter(is_active=True).order_by("position", "name"),
        empty_label=_("All interests"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        field_name="activity__municipality",
        queryset=Municipality.objects.order_by("name"),
        empty_label=_("All municipalities"),
    )
    online = django_filters.ChoiceFilter(
        label=_("Where"),
        choices=[("1", _("Online")), ("0", _("Meet in person"))],
        method="filter_online",
        empty_label=_("Online and in person"),
    )
    period = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("week", _("This week")), ("4weeks", _("The next 4 weeks"))],
        method="filter_period",
        empty_label=_("All coming dates"),
    )

    class Meta:
        model = Occurrence
        fields = ["interest", "municipality", "online", "period"]

    def filter_online(self, queryset, name, value):
        return queryset.filter(activity__is_online=value == "1")

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
