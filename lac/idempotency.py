"""One tap, one save: every form that creates a record carries a one-time token.

A new-record form is shown with a random token in a hidden field (`form_token` in the
template context, rendered by `_form_token.html`), and shown again with the same token
when it has errors. A POST of the form runs in one transaction that first claims the
token, inserting a `FormToken` row that is unique per user and token, and then runs the
view, which saves the record. Two copies of one form (a double tap, a resend after a
timeout) cannot both get through: on PostgreSQL the second insert waits for the first
transaction and then fails the unique check; on SQLite transactions begin IMMEDIATE, so
the second waits for the first and then fails. The copy that loses runs nothing and goes
where the first one's record is. Because the claim comes before the view, the second copy
is never validated against the record the first one saved ("already linked", "may be
someone we know") and never shows such an error.

A view that did not save (a form with errors, say) gives its token back in the same
transaction, so the form can be corrected and saved once. Tokens are per user: a token
shown to someone else is one this user never used, so the form is treated as new (nobody
is sent to, or can block, another user's record). A form posted without a token (not one
of our pages) is saved without this protection.

In a view:

    @permission_required(...)
    @saves_once
    def outcome_new(request, pk):
        ...
        if form.is_valid():
            outcome.save()
            return redirect(saved_at(request, person))
        return render(request, ..., {"form": form, "form_token": form_token(request)})
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url

from lac.models import FormToken

FIELD = "form_token"
# What form_token() makes (token_urlsafe(24) is 32 characters), with room to spare.
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
ALREADY_SAVED = "This was already saved."
# Where the view says it saved the record, for the claim to keep.
_SAVED_AT = "_form_token_saved_at"


class AlreadySaved(Exception):
    """Another copy of this form claimed its token first."""


def _posted(request: HttpRequest) -> str | None:
    value = request.POST.get(FIELD, "")
    return value if TOKEN.fullmatch(value) else None


def form_token(request: HttpRequest) -> str:
    """The token for the form on this page: the one it was posted with, or a new one."""
    return _posted(request) or secrets.token_urlsafe(24)


def saved_at(request: HttpRequest, to) -> str:
    """Say where the record this request saved is, and return its URL (to redirect to).

    `to` is a model with get_absolute_url, a URL name or a URL. A second copy of the form
    is sent there.
    """
    url = resolve_url(to)
    setattr(request, _SAVED_AT, url)
    return url


def _claim(request: HttpRequest, token: str) -> FormToken:
    """Insert the token's row; raises AlreadySaved if a copy of the form claimed it."""
    try:
        return FormToken.objects.create(user=request.user, token=token)
    except IntegrityError:
        raise AlreadySaved from None


def _already_saved(request: HttpRequest, token: str) -> HttpResponse:
    # The other copy's transaction has committed by now (the insert waited for it).
    url = FormToken.objects.filter(user=request.user, token=token).values_list(
        "saved_url", flat=True
    )
    messages.info(request, ALREADY_SAVED)
    return redirect(url.first() or "home")


def saves_once(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For a view whose form creates a record: a POST claims the form's token, then runs
    the view, in one transaction; a copy of a form that saved goes to what it saved.

    The view calls `saved_at(...)` when it saves; if it does not (the form had errors, or
    there was nothing to save) the token is given back.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "POST":
            return view(request, *args, **kwargs)
        token = _posted(request)
        try:
            with transaction.atomic():
                claim = _claim(request, token) if token else None
                response = view(request, *args, **kwargs)
                if claim is not None:
                    if url := getattr(request, _SAVED_AT, ""):
                        claim.saved_url = url
                        claim.save(update_fields=["saved_url"])
                    else:
                        claim.delete()
        except AlreadySaved:
            return _already_saved(request, token)
        return response

    return wrapper
