"""Small helpers that the security packages call by dotted path from settings."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from lac.rendering import render

MASK = "[masked]"


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: the proxy's X-Forwarded-For only when we are told to trust it."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.headers.get("X-Forwarded-For", "")
        if first := forwarded.split(",")[0].strip():
            return first
    return request.META.get("REMOTE_ADDR")


def mask_completely(value: str) -> str:
    """Audit diffs record that a personal field changed, never what it said.

    auditlog's default masks only the first half of a value, which leaves the rest of an
    address or a note readable.
    """
    return MASK if value not in ("", "None") else value


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """The page shown to a locked-out login: why, for how long, and what to do."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    context = {
        "username": username,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)
