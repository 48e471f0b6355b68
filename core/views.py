from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from core import readiness


def home(request):
    return render(request, "core/home.html")


def privacy(request):
    return render(request, "core/privacy.html")


def accessibility(request):
    return render(request, "core/accessibility.html")


@login_required
def after_login(request):
    """Coordinators and admins land in the admin; peer guides on their dashboard."""
    if request.user.is_staff:
        return redirect("admin:index")
    return redirect("dashboard:home")


@never_cache
def healthz(request):
    """Liveness and database check for the container health check."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """Readiness: database, cache, broker and beat's heartbeat as JSON; 503 when one is down."""
    ok, checks = readiness.readiness()
    return JsonResponse({"ok": ok, "checks": checks}, status=200 if ok else 503)
