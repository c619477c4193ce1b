"""The community asset directory's filters."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.http import HttpRequest

from localities.models import AssetCategory, CommunityAsset, Locality, Theme


def _visible_localities(request: HttpRequest | None):
    # Only the localities the user covers are valid choices, so another locality's id is
    # "not a valid choice" rather than a way to probe what exists.
    if request is None:
        return Locality.objects.none()
    return Locality.objects.visible_to(request.user)


class CommunityAssetFilter(django_filters.FilterSet):
    """Search and narrow the directory; shows active assets unless asked otherwise."""

    ACTIVE, INACTIVE, ALL = "active", "inactive", "all"

    q = django_filters.CharFilter(label="Search", method="filter_search")
    locality = django_filters.ModelChoiceFilter(
        queryset=_visible_localities,
        empty_label="Any locality",
        null_label="Area-wide",
        null_value="area-wide",
    )
    category = django_filters.ModelChoiceFilter(
        queryset=AssetCategory.objects.all(), empty_label="Any category"
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="themes", label="Theme", queryset=Theme.objects.all(), empty_label="Any theme"
    )
    active = django_filters.ChoiceFilter(
        label="Show",
        choices=[(ACTIVE, "Active only"), (INACTIVE, "Inactive only"), (ALL, "All")],
        empty_label=None,
        method="filter_active",
    )

    class Meta:
        model = CommunityAsset
        fields = ["q", "locality", "category", "theme", "active"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))

    def filter_active(self, queryset, name, value):
        if value == self.INACTIVE:
            return queryset.filter(active=False)
        if value == self.ALL:
            return queryset
        return queryset.filter(active=True)

    def filter_queryset(self, queryset):
        # An empty "Show" (a bare /assets/ link) means the default, active only; the
        # method above is only called for non-empty values.
        if not self.form.cleaned_data.get("active"):
            queryset = queryset.filter(active=True)
        return super().filter_queryset(queryset)
