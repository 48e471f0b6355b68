from django.urls import path

from dashboard import calendar, views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("profil/", views.profile, name="profile"),
    path("pause/", views.pause, name="pause"),
    path("tilbage/", views.resume, name="resume"),
    path("trivsel/", views.checkin, name="checkin"),
    path("krise/", views.crisis, name="crisis"),
    path("kalender/nyt-link/", views.reset_calendar, name="reset_calendar"),
    path("kalender/<str:token>.ics", calendar.feed, name="calendar_feed"),
]
