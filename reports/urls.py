from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report, name="overview"),
    path("aktivitetstal/", views.funder, name="funder"),
    path("evaluering/", views.evaluation, name="evaluation"),
    path("evaluering/kodebog/", views.evaluation_codebook, name="evaluation_codebook"),
    path("<slug:area>/", views.report, name="area"),
]
