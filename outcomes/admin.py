from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from lac.admin_mixins import PlainTextAdminMixin, ScopedAdminMixin
from lac.versioning import VersionedAdminMixin
from outcomes.models import Outcome, OutcomeStory, OutcomeType, WellbeingCheck
from people.admin import _stamp_on_add


@admin.register(OutcomeType)
class OutcomeTypeAdmin(PlainTextAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "level",
        "unit_value",
        "value_source",
        "price_year",
        "duration_years",
        "drop_off_pct",
        "active",
    ]
    list_filter = ["level", "active"]
    search_fields = ["name", "description"]
    fieldsets = [
        (None, {"fields": ["name", "level", "description", "active"]}),
        (
            "Value",
            {
                "fields": [
                    "unit_value",
                    "value_source",
                    "price_year",
                    "duration_years",
                    "drop_off_pct",
                ],
                "description": "Used by the value estimate (SROI method): the unit value "
                "in its price year, how many years the benefit lasts and how much of it "
                "is lost each year after the first.",
            },
        ),
    ]


@admin.register(Outcome)
class OutcomeAdmin(ScopedAdminMixin, VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["outcome_type", "quantity", "locality", "person", "achieved_on"]
    list_filter = ["outcome_type__level", "outcome_type", "locality"]
    list_select_related = ["outcome_type", "locality", "person"]
    date_hierarchy = "achieved_on"
    search_fields = ["outcome_type__name", "person__first_name", "person__last_name"]
    autocomplete_fields = ["person", "introduction", "recorded_by"]
    readonly_fields = ["created_at", "version"]

    def save_model(self, request, obj, form, change):
        if not change:
            _stamp_on_add(obj, request.user, "recorded_by")
        super().save_model(request, obj, form, change)


class FeaturedChangeListForm(forms.ModelForm):
    """The changelist row form, which edits `featured` alone.

    Django skips a constraint that reads a field missing from the form, so "featured needs
    consent" would reach the database as an IntegrityError. Check constraints against the
    whole story instead.
    """

    def validate_constraints(self):
        exclude = {name for name in self._errors if name in self.fields}
        try:
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


@admin.register(OutcomeStory)
class OutcomeStoryAdmin(
    PlainTextAdminMixin, ScopedAdminMixin, VersionedAdminMixin, admin.ModelAdmin
):
    plain_text_fields = ("title",)
    list_display = ["title", "locality", "person", "level", "consent", "featured", "told_on"]
    list_editable = ["featured"]
    list_filter = ["featured", "level", "consent", "locality", "themes"]
    list_select_related = ["locality", "person"]
    date_hierarchy = "told_on"
    search_fields = ["title", "text"]
    autocomplete_fields = ["person", "written_by"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_at", "updated_at", "version"]
    fieldsets = [
        (None, {"fields": ["title", "text", "told_on", "level", "themes"]}),
        ("Whose story", {"fields": ["locality", "person", "consent"]}),
        ("Reports", {"fields": ["featured"]}),
        (None, {"fields": ["written_by", "created_at", "updated_at", "version"]}),
    ]

    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", FeaturedChangeListForm)
        return super().get_changelist_form(request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            _stamp_on_add(obj, request.user, "written_by")
        super().save_model(request, obj, form, change)


@admin.register(WellbeingCheck)
class WellbeingCheckAdmin(ScopedAdminMixin, VersionedAdminMixin, admin.ModelAdmin):
    list_display = [
        "person",
        "checked_on",
        "life_satisfaction",
        "worthwhile",
        "happiness",
        "anxiety",
    ]
    list_filter = ["locality"]
    list_select_related = ["person"]
    date_hierarchy = "checked_on"
    search_fields = ["person__first_name", "person__last_name"]
    autocomplete_fields = ["person", "introduction", "recorded_by"]
    readonly_fields = ["created_at", "version"]
    fieldsets = [
        (None, {"fields": ["person", "introduction", "checked_on"]}),
        (
            "ONS personal wellbeing (0–10)",
            {
                "fields": list(WellbeingCheck.QUESTIONS),
                "description": (
                    "The ONS personal wellbeing questions (Office for National Statistics)."
                ),
            },
        ),
        (None, {"fields": ["recorded_by", "created_at", "version"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in WellbeingCheck.QUESTIONS:
            kwargs["help_text"] = WellbeingCheck.QUESTIONS[db_field.name]
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            _stamp_on_add(obj, request.user, "recorded_by")
        super().save_model(request, obj, form, change)
