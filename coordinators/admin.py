from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet

from coordinators.models import User
from coordinators.signals import refusal
from lac.admin_mixins import ScopedAdminMixin, sees_everything

# How many locality names the user list shows before summarising the rest.
_LOCALITIES_SHOWN = 3


@admin.register(User)
class UserAdmin(ScopedAdminMixin, DjangoUserAdmin):
    list_display = ["username", "full_name", "roles", "localities_summary", "is_active"]
    list_filter = ["groups", "localities", "is_active", "is_staff", "is_superuser"]
    filter_horizontal = [*DjangoUserAdmin.filter_horizontal, "localities"]
    _lac_fieldset = ("LAC", {"fields": ["localities", "covers_all_localities"]})
    fieldsets = [*DjangoUserAdmin.fieldsets, _lac_fieldset]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        ("Personal info", {"fields": ["first_name", "last_name", "email"]}),
        ("Roles", {"fields": ["groups"]}),
        _lac_fieldset,
    ]

    def get_queryset(self, request):
        # The role and locality columns read these for every row.
        return super().get_queryset(request).prefetch_related("groups", "localities")

    def get_readonly_fields(self, request, obj=None):
        # An Administrator manages users through roles (groups); only a superuser may
        # make superusers or hand out one-off permissions, or anyone could escalate.
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        # Likewise only someone who covers every locality may grant that, to anyone.
        if not sees_everything(request.user):
            readonly += ["covers_all_localities"]
        return readonly

    def scope(self, queryset: QuerySet, user) -> QuerySet:
        # Every user page reads this, the password page included: a superuser is a 404
        # to anyone who is not one, another locality's user to a limited administrator.
        return queryset.manageable_by(user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "localities" in form.base_fields and not sees_everything(request.user):
            # A user with no locality would vanish from this administrator's list.
            form.base_fields["localities"].required = True
        return form

    def get_deleted_objects(self, objs, request):
        # A user the audit trail names is deactivated, never deleted (the model refuses
        # too): listed as "protected", the admin's delete page and bulk action say why and
        # delete nobody.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        named = User.objects.filter(pk__in=[user.pk for user in objs]).in_audit_trail()
        return deleted, counts, perms_needed, [*protected, *map(refusal, named)]

    @admin.display(description="name", ordering="last_name")
    def full_name(self, obj: User) -> str:
        return obj.get_full_name()

    @admin.display(description="roles")
    def roles(self, obj: User) -> str:
        return ", ".join(sorted(group.name for group in obj.groups.all()))

    @admin.display(description="localities")
    def localities_summary(self, obj: User) -> str:
        if obj.covers_all_localities:
            return "All localities"
        names = sorted(locality.name for locality in obj.localities.all())
        if len(names) > _LOCALITIES_SHOWN:
            extra = len(names) - _LOCALITIES_SHOWN
            return f"{', '.join(names[:_LOCALITIES_SHOWN])} and {extra} more"
        return ", ".join(names)
