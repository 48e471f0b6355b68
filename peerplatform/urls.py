from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path

from core import twofactor
from core.forms import StyledAuthenticationForm, StyledPasswordResetForm
from core.scoping import scoped_view_on_site
from notifications import views as notification_views

auth_patterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=StyledAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(form_class=StyledPasswordResetForm),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Two-step login (django-otp); staff must pass it before the admin (core/twofactor.py).
    path("to-trin/", twofactor.verify, name="twofactor_verify"),
    path("to-trin/opsaet/", twofactor.enrol, name="twofactor_enrol"),
    path("to-trin/reservekoder/", twofactor.backup_codes, name="twofactor_backup_codes"),
]


def favicon(request):
    """Browsers ask for /favicon.ico where a page names no icon (the plain 500 page, say)."""
    return HttpResponseRedirect(static_url("favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("", include("core.urls")),
    path("konto/", include(auth_patterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    # In front of the admin's own "view on site": 404 outside the user's organisations.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(scoped_view_on_site),
        name="scoped_view_on_site",
    ),
    path("admin/", admin.site.urls),
    path("dashboard/", include("dashboard.urls")),
    path("dashboard/match/", include("matching.guide_urls")),
    path("bliv-peerguide/", include("volunteers.urls")),
    path("find-en-peerguide/", include("matching.urls")),
    path("kurser/", include("courses.urls")),
    path("aktiviteter/", include("activities.urls")),
    path("beskeder/", include("notifications.urls")),
    # Short links in text messages (notifications.services.SHORT_LINK_PATH): short on purpose.
    path("s/<str:code>", notification_views.short_link, name="short_link"),
    path("rapporter/", include("reports.urls")),
    path("trivsel/", include("participants.urls")),
    path("mine-data/", include("privacy.urls")),
    path("min-plan/", include("plans.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
