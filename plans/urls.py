from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("", views.home, name="home"),
    path("log-ind/", views.start, name="start"),
    path("log-ind/<str:token>/", views.sign_in, name="sign_in"),
    path("log-ud/", views.sign_out, name="sign_out"),
    path("udskriv/", views.print_view, name="print"),
    path("udskriv/kriseplan/", views.print_view, {"only": "crisis"}, name="print_crisis"),
    path("del/", views.share, name="share"),
    path("del/<int:link_id>/stop/", views.revoke, name="revoke"),
    path("delt/<str:token>/", views.shared, name="shared"),
    path("afsnit/<slug:key>/", views.section, name="section"),
]
