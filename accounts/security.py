"""Login protection helpers used by django-axes (see AXES_* in config/settings.py)."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


def client_ip(request) -> str | None:
    """The address a login attempt came from, for counting failures.

    X-Forwarded-For can be written by anyone, so it is believed only as far as
    ``MAEK_TRUSTED_PROXIES`` reverse proxies of our own appended to it: the
    address the outermost of them saw is the client. Without proxies (the
    default) the socket address is the only truth.
    """
    proxies = settings.MAEK_TRUSTED_PROXIES
    if proxies > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of the admin login while a sign-in is locked out."""
    cool_off = settings.AXES_COOLOFF_TIME
    context = {
        "title": _("Sign-in temporarily blocked"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "accounts/lockout.html", context, status=429)
