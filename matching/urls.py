from django.urls import path

from matching import views

app_name = "matching"

urlpatterns = [
    path("", views.request_support, name="request_support"),
    path("tak/", views.request_thanks, name="request_thanks"),
    path("bekraeft/<str:token>/", views.confirm, name="confirm"),
    path("status/<str:token>/", views.status, name="status"),
    path("passer-det/<str:token>/", views.feedback_fit_check, name="feedback_fit_check"),
    path("afslutning/<str:token>/", views.feedback_exit, name="feedback_exit"),
]
