from django.urls import path

from volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("", views.apply, name="apply"),
    path("tak/", views.apply_thanks, name="apply_thanks"),
]
