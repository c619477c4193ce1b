from django.contrib import admin

from lac.admin_mixins import PlainTextAdminMixin, ScopedAdminMixin, sees_everything
from lac.versioning import VersionedAdminMixin
from localities.models import AssetCategory, CommunityAsset, Locality, ReferralSource, Theme


@admin.register(Locality)
class LocalityAdmin(PlainTextAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "district", "population", "lac_started_on", "annual_cost"]
    list_filter = ["district"]
    search_fields = ["name"]
    plain_text_fields = ("name", "district")

    def has_add_permission(self, request):
        # A new locality is covered by no one yet: an administrator limited to some
        # localities could neither see it nor give it to anyone.
        return super().has_add_permission(request) and sees_everything(request.user)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The database constraint has no friendly message; this puts one beside the field.
        if db_field.name == "annual_cost":
            kwargs["min_value"] = 0
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(ReferralSource)
class ReferralSourceAdmin(PlainTextAdminMixin, admin.ModelAdmin):
    list_display = ["name", "category", "active"]
    list_editable = ["active"]
    list_filter = ["category", "active"]
    search_fields = ["name"]


@admin.register(Theme)
class ThemeAdmin(PlainTextAdminMixin, admin.ModelAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


@admin.register(AssetCategory)
class AssetCategoryAdmin(PlainTextAdminMixin, admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(CommunityAsset)
class CommunityAssetAdmin(
    PlainTextAdminMixin, ScopedAdminMixin, VersionedAdminMixin, admin.ModelAdmin
):
    list_display = ["name", "category", "area", "developed_with_lac", "active"]
    list_filter = ["locality", "category", "developed_with_lac", "active", "themes"]
    list_select_related = ["category", "locality"]
    search_fields = ["name", "description"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_at", "updated_at", "version"]
    fieldsets = [
        (None, {"fields": ["name", "category", "locality", "themes", "active"]}),
        ("Details", {"fields": ["description", "contact_details"]}),
        ("Developed with LAC support", {"fields": ["developed_with_lac", "developed_on"]}),
        ("Record", {"fields": ["created_at", "updated_at", "version"], "classes": ["collapse"]}),
    ]

    @admin.display(description="locality", ordering="locality__name")
    def area(self, obj: CommunityAsset) -> str:
        return obj.area_label
