"""Sign-ins and sign-outs in the audit trail, so every session is attributable.

Each is an access entry on the user's own record, with the address it came from (set by
auditlog's middleware). Failed attempts are counted and locked out by django-axes; one
naming a real account is also written here, without an actor.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model


def _log(user, purpose: str, *, actor) -> None:
    LogEntry.objects.log_create(
        user,
        action=LogEntry.Action.ACCESS,
        force_log=True,
        changes={},
        actor=actor,
        additional_data={"purpose": purpose},
    )


def signed_in(sender, request, user, **kwargs) -> None:
    _log(user, "signed in", actor=user)


def signed_out(sender, request, user, **kwargs) -> None:
    if user is not None and user.is_authenticated:
        _log(user, "signed out", actor=user)


def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    username = credentials.get("username")
    if not isinstance(username, str) or not username:
        return
    user = get_user_model()._default_manager.filter(username=username).first()
    if user is not None:
        _log(user, "failed sign-in", actor=None)
