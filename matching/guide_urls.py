from django.urls import path

from matching import guide_views

app_name = "guide_matching"

urlpatterns = [
    path("<int:pk>/", guide_views.detail, name="detail"),
    path("<int:pk>/ja/", guide_views.accept, name="accept"),
    path("<int:pk>/nej/", guide_views.decline, name="decline"),
    path("<int:pk>/planlaeg/", guide_views.plan_meeting, name="plan_meeting"),
    path("<int:pk>/log/", guide_views.log_meeting, name="log_meeting"),
    path("<int:pk>/moede/<int:meeting_pk>/", guide_views.meeting_status, name="meeting_status"),
    path("<int:pk>/afslut/", guide_views.end, name="end"),
    path("<int:pk>/maal/", guide_views.goals, name="goals"),
    path("<int:pk>/svar/<str:kind>/", guide_views.feedback, name="feedback"),
]
