"""Session lifetime, caching of personal data, and the audit trail's request context."""

from __future__ import annotations

import time

from auditlog.middleware import AuditlogMiddleware as BaseAuditlogMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.cache import patch_cache_control

from lac.rendering import render
from lac.security import client_ip

SESSION_LOGIN_AT = "lac_login_at"


@receiver(user_logged_in, dispatch_uid="lac_session_login_at")
def _stamp_login_time(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_LOGIN_AT] = int(time.time())


class AbsoluteSessionLifetimeMiddleware:
    """Log out a session `LAC_SESSION_ABSOLUTE_SECONDS` after login, however active.

    The inactivity timeout (SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST) alone
    lets a session that is used every few minutes live for ever.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            # Sessions made before this middleware existed start their clock now.
            login_at = request.session.setdefault(SESSION_LOGIN_AT, now)
            if now - login_at > settings.LAC_SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, "Your session has ended. Please log in again.")
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Tell browsers and proxies not to keep any page shown to a signed-in user.

    Every such page may show personal data; a view that sets its own Cache-Control
    keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response


class AuditlogMiddleware(BaseAuditlogMiddleware):
    """auditlog's middleware, reading the client address the same way as login lockouts.

    The base class always trusts X-Forwarded-For, which a client can set to anything.
    """

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)


class OutOfRangeNumberMiddleware:
    """A number too large for the database in a request is a 400 with a message, not a 500.

    PostgreSQL answers such a lookup with no rows; SQLite's driver cannot even send it and
    raises OverflowError, wherever an id arrives (a tampered select, an admin filter).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OverflowError):
            return None
        return render(
            request,
            "400.html",
            {"message": "A number in your request is too large to be an id or a count."},
            status=400,
        )
