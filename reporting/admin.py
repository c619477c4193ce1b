from django.contrib import admin, messages

from lac.admin_mixins import PlainTextAdminMixin, ScopedAdminMixin
from reporting.models import GdpDeflator, PublishedReport, ValueSettings
from reporting.sroi import financial_year_label


@admin.register(ValueSettings)
class ValueSettingsAdmin(admin.ModelAdmin):
    """The one row of the value method's settings; each field's help shows its default
    and where that default comes from."""

    list_display = [
        "__str__",
        "deadweight_pct",
        "attribution_pct",
        "displacement_pct",
        "discount_rate_pct",
        "price_year",
        "include_wellby",
    ]
    fieldsets = [
        (
            "Impact adjustments",
            {
                "fields": ["deadweight_pct", "attribution_pct", "displacement_pct"],
                "description": "Applied to every valued outcome (and WELLBYs when counted), "
                "after present value.",
            },
        ),
        (
            "Discounting",
            {
                "fields": ["discount_rate_pct", "discount_rate_low_pct", "discount_rate_high_pct"],
                "description": "Year 1 is discounted: a year's benefit is counted at its end, "
                "as in the Cabinet Office's guide to SROI (2012).",
            },
        ),
        ("Prices", {"fields": ["price_year"]}),
        ("Wellbeing", {"fields": ["wellby_value", "wellby_price_year", "include_wellby"]}),
        ("Low, high and sensitivity", {"fields": ["sensitivity_step_pct"]}),
    ]

    def has_add_permission(self, request):
        # One row: once saved it is changed, never added again.
        return super().has_add_permission(request) and not ValueSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        series = set(GdpDeflator.objects.values_list("year", flat=True))
        for year in sorted({obj.price_year, obj.wellby_price_year} - series):
            messages.warning(
                request,
                f"The GDP deflator series has no index for {financial_year_label(year)}: "
                "values in other price years are not valued until it is added.",
            )


@admin.register(GdpDeflator)
class GdpDeflatorAdmin(PlainTextAdminMixin, admin.ModelAdmin):
    plain_text_fields = ("source",)
    list_display = ["financial_year", "index", "source"]
    search_fields = ["source"]
    ordering = ["-year"]

    @admin.display(description="financial year", ordering="year")
    def financial_year(self, obj: GdpDeflator) -> str:
        return financial_year_label(obj.year)


@admin.register(PublishedReport)
class PublishedReportAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Published reports, read only: a published report is never edited, added or deleted
    here. No role is given them; a superuser may look. Managers read them in the app."""

    list_display = ["__str__", "published_at", "published_by", "checksum", "story_withdrawn"]
    list_select_related = ["published_by"]
    search_fields = ["scope_label", "period_label", "checksum"]
    fields = [
        "scope_label",
        "period_label",
        "start",
        "end",
        "localities",
        "published_by",
        "published_at",
        "app_version",
        "published_checksum",
        "checksum",
        "snapshot",
    ]
    readonly_fields = fields

    @admin.display(boolean=True, description="story withdrawn since")
    def story_withdrawn(self, obj: PublishedReport) -> bool:
        return obj.changed_since_published

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
