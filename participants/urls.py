from django.urls import path

from participants import views

app_name = "participants"

urlpatterns = [
    path("<str:token>/", views.who5, name="who5"),
]
