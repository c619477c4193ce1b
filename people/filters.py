import django_filters
from django import forms
from django.db.models import Q

from localities.models import Locality
from people.models import Contact, ContactMode, Introduction, Person, SupportLevel


class CaseloadFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_name", label="Name")
    locality = django_filters.ModelChoiceFilter(
        field_name="person__locality", queryset=Locality.objects.none(), label="Locality"
    )
    support_level = django_filters.ChoiceFilter(choices=SupportLevel.choices, label="Support")
    flag = django_filters.ChoiceFilter(
        choices=[
            ("awaiting", "Awaiting first contact"),
            ("no_contact", "No recent contact"),
        ],
        method="filter_flag",
        label="Flag",
    )

    class Meta:
        model = Introduction
        fields = ["q", "locality", "support_level", "flag"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["locality"].queryset = Locality.objects.visible_to(user)

    def filter_name(self, queryset, name, value):
        return queryset.filter(name_query(value, prefix="person__"))

    def filter_flag(self, queryset, name, value):
        field = {"awaiting": "awaiting_first_contact", "no_contact": "no_recent_contact"}[value]
        return queryset.filter(**{field: True})


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_name",
        label="Name or postcode",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    locality = django_filters.ModelChoiceFilter(queryset=Locality.objects.none())

    class Meta:
        model = Person
        fields = ["q", "locality"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["locality"].queryset = Locality.objects.visible_to(user)

    def filter_name(self, queryset, name, value):
        return queryset.filter(name_query(value) | Q(postcode__iexact=value.strip()))


def name_query(value: str, prefix: str = "") -> Q:
    """Every word must match the start of a first, last or preferred name."""
    q = Q()
    for word in value.split()[:5]:
        q &= (
            Q(**{f"{prefix}first_name__istartswith": word})
            | Q(**{f"{prefix}last_name__istartswith": word})
            | Q(**{f"{prefix}preferred_name__istartswith": word})
        )
    return q


class ContactFilter(django_filters.FilterSet):
    # Where each contact was logged, as the dashboards count it; not where the person
    # lives now.
    locality = django_filters.ModelChoiceFilter(
        field_name="locality", queryset=Locality.objects.none()
    )
    mode = django_filters.ChoiceFilter(choices=ContactMode.choices)
    recorded_by_me = django_filters.BooleanFilter(
        method="filter_mine", label="Only mine", widget=forms.CheckboxInput
    )

    class Meta:
        model = Contact
        fields = ["locality", "mode", "recorded_by_me"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["locality"].queryset = Locality.objects.visible_to(user)

    def filter_mine(self, queryset, name, value):
        return queryset.filter(recorded_by=self.user) if value else queryset
