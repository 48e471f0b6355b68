"""The demo shows every part of group activities (issue 18 point 7), instead of the old "open
group activity" course programme."""

from django.core.management import call_command

from activities.models import Activity, Follow, News, Occurrence, Rsvp
from courses.models import Cohort, Programme
from notifications.models import Notification


def test_the_demo_shows_activities_instead_of_the_open_group_course(db):
    call_command("seed_demo")
    call_command("seed_demo")
    titles = set(Activity.objects.filter(status="published").values_list("title", flat=True))
    assert {"Gåtur ved Odense Å", "Brætspilsaften", "Vi laver aftensmad sammen"} <= titles
    assert Activity.objects.filter(organisation__name__startswith="Københavns").exists()
    assert Rsvp.objects.filter(status="coming").count() >= 5
    assert Occurrence.objects.filter(cancelled_at__isnull=False).exists()
    assert Occurrence.objects.filter(attendance_count__gt=0).count() >= 8
    assert Rsvp.objects.filter(attended=True).exists()
    follow = Follow.objects.get(status="active")
    assert follow.interest.slug == "madlavning"
    news = News.objects.get(participant=follow.participant)
    assert news.sent_at is not None
    assert Notification.objects.filter(kind="activities.news").count() == 1
    games = Activity.objects.get(title="Brætspilsaften")
    assert games.edited_at is not None
    assert "1. sal" in games.place
    assert Notification.objects.filter(kind="activities.edited").exists()
    group = Programme.objects.get(name="Åben gruppeaktivitet")
    assert not group.is_active
    assert not Cohort.objects.filter(programme=group).exists()
