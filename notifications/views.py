from django.core import signing
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from notifications import services


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """Public page behind the signed link in reminder e-mails: confirm, then stop reminders."""
    try:
        recipient, category = services.read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "link_error.html", {"reason": "invalid"}, status=400)
    context = {"recipient": recipient, "category": category}
    if request.method == "POST":
        services.opt_out(recipient=recipient, category=category)
        return render(request, "notifications/unsubscribe_done.html", context)
    return render(request, "notifications/unsubscribe_confirm.html", context)


@require_http_methods(["GET", "HEAD"])
def short_link(request, code: str):
    """A short link from a text message (`/s/<code>`): on to the page it stands for."""
    url = services.resolve_short_link(code)
    if url is None:
        return render(request, "link_error.html", {"reason": "expired"}, status=404)
    return redirect(url)
