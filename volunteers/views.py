from django.shortcuts import redirect, render
from django.utils.translation import get_language

from core.ratelimit import limit_posts, over_limit
from core.where import choose_where
from volunteers import services
from volunteers.forms import ApplicationForm


@limit_posts("volunteers.apply")
def apply(request):
    """The public "Bliv peerguide" application: where the person lives first, then the
    organisations serving it (core.where)."""
    where = choose_where(request)
    if where.municipality is None or where.unserved:
        return render(request, "volunteers/apply.html", {"where": where})
    if request.method == "POST":
        form = ApplicationForm(request.POST, where=where)
        if form.is_valid() and not over_limit(request, form):
            if form.is_spam():
                return redirect("volunteers:apply_thanks")
            services.submit_application(
                application=services.Application.from_form(
                    form.cleaned_data, language=(get_language() or "da")[:2]
                )
            )
            # The same answer whether or not the address was known (the e-mail tells them).
            return redirect("volunteers:apply_thanks")
    else:
        form = ApplicationForm(where=where)
    return render(request, "volunteers/apply.html", {"where": where, "form": form})


def apply_thanks(request):
    return render(request, "volunteers/apply_thanks.html")
