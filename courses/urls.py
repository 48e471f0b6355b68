from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tjek-din-email/", views.signup_sent, name="signup_sent"),
    path("<int:pk>/kalender.ics", views.calendar, name="calendar"),
    path("bekraeft/<str:token>/", views.confirm, name="confirm"),
    path("tilmelding/<str:token>/", views.manage, name="manage"),
    path("mine-hold/<int:pk>/", views.my_cohort, name="my_cohort"),
    path("mine-hold/<int:pk>/min-plan/", views.invite_to_plan, name="invite_to_plan"),
    path("mine-hold/<int:pk>/gang/<int:session_pk>/", views.attendance, name="attendance"),
    path(
        "mine-hold/<int:pk>/gang/<int:session_pk>/<int:enrollment_pk>/",
        views.mark,
        name="mark",
    ),
]
