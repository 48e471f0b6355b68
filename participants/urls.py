from django.urls import path

from participants import views

app_name = "participants"

urlpatterns = [
    path("<str:token>/", views.who5, name="who5"),
    path("<str:token>/kontakt/", views.who5_contact, name="who5_contact"),
]
