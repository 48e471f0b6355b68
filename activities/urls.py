from django.urls import path

from activities import views

app_name = "activities"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/kalender.ics", views.ics, name="ics"),
    path("dato/<int:pk>/jeg-kommer/", views.coming, name="coming"),
    path("dato/<int:pk>/tjek-din-besked/", views.coming_sent, name="coming_sent"),
    path("bekraeft/<str:token>/", views.confirm, name="confirm"),
    path("foelg/", views.follow, name="follow"),
    path("foelg/tjek-din-besked/", views.follow_sent, name="follow_sent"),
    path("foelg/<str:token>/", views.follow_confirm, name="follow_confirm"),
    path("f/<str:token>/", views.follows, name="follows"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/ret/", views.edit, name="edit"),
    path("mine/ny/", views.propose, name="propose"),
    path("mine/dato/<int:pk>/", views.host_occurrence, name="host_occurrence"),
]
