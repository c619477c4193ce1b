"""Users in the audit trail: every session is attributable, and who did what stays said.

Sign-ins and sign-outs are access entries on the user's own record, with the address they
came from (set by auditlog's middleware). Failed attempts are counted and locked out by
django-axes; one naming a real account is also written here, without an actor. Every entry
records its actor's name and id, and a user the trail names is never deleted.
"""

from __future__ import annotations

from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
from django.db.models.signals import pre_save

from coordinators.models import AUDIT_ACTOR_KEY, audit_actor


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


def audit_entry_actor(sender, instance: LogEntry, **kwargs) -> None:
    """Each new audit entry keeps the name and id of who made it, and their email.

    Before the insert, so it costs no second query. auditlog attaches the request's user
    in a pre_save receiver it connects per request, which runs after this one, so the
    user is read here from the same context auditlog reads it from.
    """
    if instance.pk is not None:
        return
    actor = instance.actor
    if actor is None:
        actor = _auditlog_actor()
        if not isinstance(actor, get_user_model()) or not actor.is_authenticated:
            return
        instance.actor = actor
    instance.additional_data = {
        **(instance.additional_data or {}),
        AUDIT_ACTOR_KEY: audit_actor(actor),
    }
    instance.actor_email = instance.actor_email or actor.email or None


def _auditlog_actor():
    """The user of auditlog's current `set_actor` context (the request's), or None.

    auditlog leaves its context variable set after a context ends and only disconnects
    its receiver, so a context is current only while that receiver is connected.
    """
    try:
        context = auditlog_value.get()
    except LookupError:
        return None
    live = {key[0] for key, *_ in pre_save.receivers}
    return context.get("actor") if context.get("signal_duid") in live else None


def refusal(user) -> str:
    """Why a user in the audit trail cannot be deleted, and what to do instead."""
    return (
        f"{user} is named in the audit trail as who did something, which must keep saying "
        "who. Deactivate this user instead: untick “Active” on their page."
    )


def user_deletion_refused(sender, instance, **kwargs) -> None:
    """Refuse to delete a user the trail names, however the deletion is asked for (the
    admin, the shell, a queryset): auditlog would set who did it to nobody."""
    if type(instance)._default_manager.filter(pk=instance.pk).in_audit_trail().exists():
        raise ProtectedError(refusal(instance), {instance})
