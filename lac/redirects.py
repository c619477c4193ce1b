"""Where to send a user back to after a form: only ever a path on this site."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def local_next(request, default: str) -> str:
    """The posted `next` if it is a path on this site, else `default`.

    A bare word such as "0" is refused too: passed to redirect() it would be looked up as
    a URL name and fail with a 500.
    """
    back = request.POST.get("next", "") or request.GET.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, {request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return default
