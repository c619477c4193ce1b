"""The audit trail as a page: newest first, a page at a time by key, for administrators."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from coordinators.models import User
from lac.pagination import keyset_page
from lac.rendering import render
from people.audit import (
    audit_entries_visible_to,
    can_read_audit,
    entry_actor,
    person_log_entries,
)
from people.models import Person


def _pk(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise Http404("Not an id.") from None


def audit_list(request):
    """Audit entries newest first, optionally about one person (`?person=`) or by one user."""
    if not can_read_audit(request.user):
        raise PermissionDenied
    entries = LogEntry.objects.select_related("actor", "content_type")
    person = actor = None
    if value := request.GET.get("person"):
        person = get_object_or_404(Person.objects.visible_to(request.user), pk=_pk(value))
        entries = person_log_entries(person)
    entries = audit_entries_visible_to(request.user, entries)
    if value := request.GET.get("actor"):
        # Someone the reader manages, or who did something the reader may see: never a
        # name from another locality's trail.
        acted = Exists(entries.filter(actor=OuterRef("pk")))
        users = User.objects.filter(Q(pk__in=User.objects.manageable_by(request.user)) | acted)
        actor = get_object_or_404(users, pk=_pk(value))
        entries = entries.filter(actor=actor)
    page = keyset_page(entries, ordering=["-timestamp", "-pk"], request=request)
    for entry in page:
        entry.who = entry_actor(entry)
    return render(
        request, "people/audit_list.html", {"page": page, "person": person, "actor": actor}
    )
