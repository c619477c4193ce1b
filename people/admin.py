from django.contrib import admin

from lac.admin_mixins import PlainTextAdminMixin, ScopedAdminMixin
from lac.versioning import VersionedAdminMixin
from people.models import (
    AREAS_OF_SUPPORT,
    ClosingReason,
    Connection,
    Contact,
    Introduction,
    Person,
    SupportLevelChange,
)
from people.services import person_moved


def _stamp_on_add(obj, user, field: str) -> None:
    """Record who made a record created in the admin, unless the form chose someone."""
    if getattr(obj, f"{field}_id") is None:
        setattr(obj, field, user)


class IntroductionInline(admin.TabularInline):
    """A person's introductions at a glance; edit them on their own page."""

    model = Introduction
    fields = ["introduced_on", "referral_source", "support_level", "closed_on", "closing_reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("person", "referral_source", "closing_reason")
        )

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(PlainTextAdminMixin, ScopedAdminMixin, VersionedAdminMixin, admin.ModelAdmin):
    plain_text_fields = ("first_name", "last_name", "preferred_name", "phone", "postcode")
    list_display = ["name", "locality", "lead_coordinator", "date_of_birth"]
    list_filter = ["locality"]
    list_select_related = ["locality", "lead_coordinator"]
    search_fields = ["first_name", "last_name", "preferred_name", "postcode"]
    autocomplete_fields = ["lead_coordinator"]
    readonly_fields = ["created_by", "created_at", "updated_at", "version"]
    inlines = [IntroductionInline]
    fieldsets = [
        (None, {"fields": ["first_name", "last_name", "preferred_name", "date_of_birth"]}),
        ("Contact details", {"fields": ["phone", "email", "address", "postcode"]}),
        ("Support", {"fields": ["locality", "lead_coordinator", "consent_recorded_on"]}),
        ("In their words", {"fields": ["vision", "strengths"]}),
        (
            "Record",
            {
                "fields": ["created_by", "created_at", "updated_at", "version"],
                "classes": ["collapse"],
            },
        ),
    ]

    @admin.display(description="name", ordering="last_name")
    def name(self, obj: Person) -> str:
        return obj.full_name

    def save_model(self, request, obj, form, change):
        if not change:
            _stamp_on_add(obj, request.user, "created_by")
        super().save_model(request, obj, form, change)
        if change and "locality" in form.changed_data:
            person_moved(person=obj, from_locality_id=form.initial["locality"], by=request.user)


@admin.register(ClosingReason)
class ClosingReasonAdmin(PlainTextAdminMixin, admin.ModelAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


class OpenFilter(admin.SimpleListFilter):
    title = "open or closed"
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", "Open"), ("no", "Closed")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.open()
        if self.value() == "no":
            return queryset.closed()
        return queryset


@admin.register(Introduction)
class IntroductionAdmin(ScopedAdminMixin, VersionedAdminMixin, admin.ModelAdmin):
    list_display = [
        "person",
        "locality",
        "referral_source",
        "introduced_on",
        "support_level",
        "first_contact_on",
        "closed_on",
        "closing_reason",
    ]
    list_filter = [
        OpenFilter,
        "support_level",
        "locality",
        "referral_source__category",
        "referral_source",
        "closing_reason",
        "themes",
    ]
    list_select_related = ["person", "locality", "referral_source", "closing_reason"]
    date_hierarchy = "introduced_on"
    search_fields = ["person__first_name", "person__last_name", "person__postcode"]
    autocomplete_fields = ["person"]
    filter_horizontal = ["themes"]
    readonly_fields = ["locality", "created_by", "created_at", "updated_at", "version"]
    fieldsets = [
        (
            None,
            {"fields": ["person", "locality", "referral_source", "introducer", "introduced_on"]},
        ),
        ("What is happening", {"fields": ["what_is_happening", "themes"]}),
        ("Support", {"fields": ["first_contact_on", "support_level", "next_step"]}),
        ("Closing", {"fields": ["closed_on", "closing_reason"]}),
        (
            "Record",
            {
                "fields": ["created_by", "created_at", "updated_at", "version"],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_search_results(self, request, queryset, search_term):
        # str() of an introduction reads its person, and autocomplete lists str() of every
        # result. Done here, not in get_queryset(), which would switch off
        # list_select_related on the changelist.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.select_related("person"), may_have_duplicates

    def save_model(self, request, obj, form, change):
        if not change:
            _stamp_on_add(obj, request.user, "created_by")
        super().save_model(request, obj, form, change)


@admin.register(Contact)
class ContactAdmin(ScopedAdminMixin, VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["contact_on", "person", "mode", "minutes", "recorded_by"]
    list_filter = ["mode", "introduction__person__locality"]
    list_select_related = ["introduction__person", "recorded_by"]
    date_hierarchy = "contact_on"
    search_fields = ["introduction__person__first_name", "introduction__person__last_name"]
    autocomplete_fields = ["introduction", "recorded_by"]
    readonly_fields = ["created_at"]
    fieldsets = [
        (None, {"fields": ["introduction", "contact_on", "minutes", "mode"]}),
        ("Areas of support", {"fields": [field for field, _label in AREAS_OF_SUPPORT]}),
        (None, {"fields": ["note", "recorded_by", "created_at"]}),
    ]

    @admin.display(description="person", ordering="introduction__person__last_name")
    def person(self, obj: Contact) -> str:
        return str(obj.introduction.person)

    def save_model(self, request, obj, form, change):
        if not change:
            _stamp_on_add(obj, request.user, "recorded_by")
        super().save_model(request, obj, form, change)


@admin.register(Connection)
class ConnectionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["person", "asset", "status", "suggested_on", "connected_on", "ended_on"]
    list_filter = ["status", "asset__locality", "asset__category"]
    list_select_related = ["person", "asset"]
    date_hierarchy = "suggested_on"
    search_fields = ["person__first_name", "person__last_name", "asset__name"]
    autocomplete_fields = ["person", "asset", "introduction"]
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            _stamp_on_add(obj, request.user, "created_by")
        super().save_model(request, obj, form, change)


@admin.register(SupportLevelChange)
class SupportLevelChangeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scoped_through = "introduction"
    list_display = ["introduction", "support_level", "changed_on", "changed_by"]
    list_filter = ["support_level"]
    list_select_related = ["introduction__person", "changed_by"]
    date_hierarchy = "changed_on"
    search_fields = ["introduction__person__first_name", "introduction__person__last_name"]
    autocomplete_fields = ["introduction", "changed_by"]
    readonly_fields = ["created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            _stamp_on_add(obj, request.user, "changed_by")
        super().save_model(request, obj, form, change)


# The read-only audit trail (auditlog's LogEntry), kept in its own module.
from people import audit_admin  # noqa: E402, F401
