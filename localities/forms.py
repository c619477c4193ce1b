from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone

from lac.forms import ModelMultipleChoiceField, refuse_hidden_characters
from lac.versioning import VersionedModelForm
from localities.models import CommunityAsset, Locality, Theme


class CommunityAssetForm(VersionedModelForm):
    """Add or edit a community asset within the localities the user covers."""

    class Meta:
        model = CommunityAsset
        fields = [
            "name",
            "category",
            "locality",
            "themes",
            "description",
            "contact_details",
            "developed_with_lac",
            "developed_on",
            "active",
        ]
        field_classes = {"themes": ModelMultipleChoiceField}
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "developed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_hidden_characters(self, ["name"])
        # Anyone who may add assets may add area-wide ones (no locality): coordinators
        # find and start borough-wide groups too, and area-wide assets are visible to
        # every user anyway, so this reveals nothing about other localities.
        locality = self.fields["locality"]
        locality.queryset = Locality.objects.visible_to(user)
        locality.empty_label = "Area-wide (no locality)"
        locality.required = False
        # Retired themes stay on assets that already carry them but are not offered anew.
        themes = Q(active=True)
        if self.instance.pk:
            themes |= Q(pk__in=self.instance.themes.values("pk"))
        self.fields["themes"].queryset = Theme.objects.filter(themes)

    def clean_developed_on(self):
        developed_on = self.cleaned_data["developed_on"]
        if developed_on and developed_on > timezone.localdate():
            raise forms.ValidationError("This date is in the future.")
        return developed_on

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("developed_on") and not cleaned_data.get("developed_with_lac"):
            self.add_error(
                "developed_on",
                "Only give this date for an asset developed with LAC support: "
                "tick that box, or clear the date.",
            )
        return cleaned_data
