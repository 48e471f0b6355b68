from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect

from volunteers.selectors import guide_for_user


def guide_required(view):
    """Logged-in peer guides only (sets request.guide); coordinators go to the admin, anyone
    else gets 404."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        guide = guide_for_user(request.user)
        if guide is None:
            if request.user.is_staff:
                return redirect("admin:index")
            raise Http404
        request.guide = guide
        return view(request, *args, **kwargs)

    return wrapped
