"""The audit trail in the Django admin: read-only, for administrators only."""

from __future__ import annotations

from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.db.models import Q, QuerySet

from lac.admin_mixins import ScopedAdminMixin
from people.audit import (
    audit_entries_visible_to,
    can_read_audit,
    entry_actor,
    person_log_entries,
)
from people.models import Person


class PersonFilter(admin.SimpleListFilter):
    """`?person=<pk>`: the trail about one person and every record held about them."""

    title = "person"
    parameter_name = "person"

    def lookups(self, request, model_admin):
        # Chosen from a person's subject access page (or by typing the id), never listed:
        # a list of every person would be a second people index.
        value = self.value()
        people = Person.objects.visible_to(request.user)
        if value and value.isdigit() and (person := people.filter(pk=value).first()):
            return [(value, str(person))]
        return []

    def has_output(self):
        # The admin applies only filters that offer a choice, and a person the reader
        # cannot see offers none: the filter must still apply, and show nothing.
        return bool(self.value()) or super().has_output()

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        people = Person.objects.visible_to(request.user)
        person = people.filter(pk=value).first() if value.isdigit() else None
        if person is None:
            return queryset.none()
        return queryset.filter(pk__in=person_log_entries(person).values("pk"))


class ActorFilter(admin.SimpleListFilter):
    """`?actor=<pk>`: everything one user did."""

    title = "user"
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        # Only who appears in the entries this reader sees: no other locality's names.
        actors = (
            audit_entries_visible_to(request.user)
            .exclude(actor=None)
            .values_list("actor", "actor__username")
            .distinct()
            .order_by("actor__username")
        )
        return [(str(pk), username) for pk, username in actors]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        return queryset.filter(Q(actor_id=value) if value.isdigit() else Q(pk__in=[]))


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(ScopedAdminMixin, AuditlogLogEntryAdmin):
    """Nobody adds, changes or deletes entries through the app; administrators read them,
    scoped like the app's own trail page (the list, its search and filters, each entry's
    page: a hidden entry is a 404)."""

    list_filter = ["action", PersonFilter, ActorFilter, *AuditlogLogEntryAdmin.list_filter[1:]]
    actions = None
    # Counting every entry on each page load costs more than the page; the app's own
    # /people/audit/ pages by key for long trails.
    show_full_result_count = False

    def scope(self, queryset: QuerySet, user) -> QuerySet:
        return audit_entries_visible_to(user, queryset)

    def _is_reader(self, request) -> bool:
        return can_read_audit(request.user)

    def has_module_permission(self, request):
        return self._is_reader(request)

    def has_view_permission(self, request, obj=None):
        return self._is_reader(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="user")
    def user_url(self, obj):
        # auditlog's own column says "system" when the link to the user is lost; the
        # entry still holds who it was.
        return super().user_url(obj) if obj.actor else entry_actor(obj)
