"""Report pages for coordinators, inside the admin's look and login (with the second factor),
scoped to the viewer's organisations. Each page exports CSV and XLSX (`?format=csv|xlsx`)."""

from __future__ import annotations

import datetime
from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django_otp import user_has_device

from core import twofactor
from core.models import Organisation
from core.scoping import scope_to_user
from reports import cache as report_cache
from reports import codebook, exports, pages
from reports.forms import FIRST_YEAR, LAST_YEAR, ReportFilterForm
from reports.selectors import scope_for


def report_view(permission: str = "reports.view_reports"):
    """Staff login as the admin asks for it, the second factor (core.twofactor covers the admin
    namespace only) and the report permission."""

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            user = request.user
            if twofactor.requires_otp(user) and not twofactor.is_verified(user):
                target = "twofactor_verify" if user_has_device(user) else "twofactor_enrol"
                return redirect_to_login(request.get_full_path(), reverse(target), "next")
            if not user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return admin.site.admin_view(checked)

    return decorator


def _filters(request):
    organisations = scope_to_user(Organisation.objects.all(), request.user)
    form = ReportFilterForm(request.GET or None, organisations=organisations)
    period = form.period()
    scope = scope_for(
        request.user,
        organisation_id=form.organisation_id(),
        programme=form.programme_value(),
        peer_support_form=form.peer_support_form_value(),
    )
    return form, period, scope


def _presets(request) -> list[tuple[str, str]]:
    today = timezone.localdate()
    query = request.GET.copy()
    presets = []
    for label, start, end in [
        (_("Last 12 months"), None, None),
        (_("This year"), datetime.date(today.year, 1, 1), today),
        (
            _("Last year"),
            datetime.date(today.year - 1, 1, 1),
            datetime.date(today.year - 1, 12, 31),
        ),
    ]:
        query.pop("format", None)
        query["start"] = start.isoformat() if start else ""
        query["end"] = end.isoformat() if end else ""
        presets.append((label, "?" + query.urlencode()))
    return presets


@report_view()
def report(request, area="overview"):
    builder = pages.BUILDERS.get(area)
    if builder is None:
        raise Http404
    form, period, scope = _filters(request)
    page, computed_at = report_cache.cached(
        area, lambda: builder(period, scope), period=period, scope=scope
    )
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        filename = exports.file_name(
            _("report %(area)s %(start)s %(end)s")
            % {
                "area": page.title,
                "start": f"{period.start:%Y%m%d}",
                "end": f"{period.end:%Y%m%d}",
            }
        )
        return exports.export(page.all_tables, filename, fmt)
    query = request.GET.copy()
    query.pop("format", None)
    context = {
        **admin.site.each_context(request),
        "title": _("Reports: %(area)s") % {"area": page.title},
        "page": page,
        "areas": [(key, str(label)) for key, label in pages.AREAS.items()],
        "form": form,
        "period": period,
        "presets": _presets(request),
        "query": query.urlencode(),
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
        "can_export_evaluation": request.user.has_perm("reports.export_evaluation"),
        "computed_at": computed_at,
        "cache_minutes": report_cache.REPORT_CACHE_SECONDS // 60,
    }
    return render(request, "reports/page.html", context)


@report_view()
def funder(request):
    """One sheet with a calendar year's activity figures for a §18 report."""
    _form, _period, scope = _filters(request)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year - 1)
    except ValueError as error:
        raise Http404 from error
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    table, _computed_at = report_cache.cached(
        "funder", lambda: pages.funder_table(year, scope), period=None, scope=scope, extra=year
    )
    filename = exports.file_name(_("activity figures %(year)s") % {"year": year})
    return exports.export([table], filename, request.GET.get("format") or "xlsx")


@report_view("reports.export_evaluation")
def evaluation(request):
    """Pseudonymised WHO-5 data for researchers (organisation admins). The XLSX carries the
    codebook as its second sheet; beside the CSV it is its own download (`evaluation_codebook`)."""
    _form, _period, scope = _filters(request)
    tables = [exports.evaluation_table(scope)]
    stamp = timezone.localdate().isoformat()
    filename = exports.file_name(_("evaluation %(date)s") % {"date": stamp})
    fmt = request.GET.get("format") or "csv"
    if fmt == "xlsx":
        tables.append(codebook.codebook_table(_("Codebook")))
    return exports.export(tables, filename, fmt)


@report_view()
def evaluation_codebook(request):
    """The evaluation export's codebook as JSON, in Danish and English. It describes the columns
    and holds no data about anyone, so every report reader may download it."""
    response = JsonResponse(
        codebook.codebook(), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = content_disposition_header(
        True, exports.file_name(_("evaluation codebook")) + ".json"
    )
    return response
