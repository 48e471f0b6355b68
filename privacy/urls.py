from django.urls import path

from privacy import views as privacy_views

app_name = "privacy"

urlpatterns = [
    path("<str:token>/", privacy_views.my_data, name="my_data"),
    path("<str:token>/mine-data.json", privacy_views.my_data_json, name="my_data_json"),
    path("<str:token>/samtykke/", privacy_views.withdraw, name="withdraw"),
    path("<str:token>/slet/", privacy_views.erase, name="erase"),
]
