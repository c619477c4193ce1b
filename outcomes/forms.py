from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone

from lac.forms import DateInput, ModelMultipleChoiceField, refuse_hidden_characters
from lac.versioning import VersionedModelForm
from localities.models import Theme
from outcomes.models import Consent, Outcome, OutcomeStory, OutcomeType, WellbeingCheck


class OutcomeForm(VersionedModelForm):
    # Declared, not adjusted in __init__: min_value/max_value set after a field is built
    # add no validators, and the database constraint's error would not sit by the field.
    quantity = forms.IntegerField(min_value=1, max_value=10000, initial=1)

    class Meta:
        model = Outcome
        fields = ["outcome_type", "achieved_on", "quantity", "note"]
        widgets = {"achieved_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}
        labels = {"outcome_type": "What changed"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Active types, and the one a correction already has even if since retired.
        self.fields["outcome_type"].queryset = OutcomeType.objects.filter(
            Q(active=True) | Q(pk=self.instance.outcome_type_id)
        )
        # Show each type's level in its label, grouped the way evaluations report them.
        self.fields["outcome_type"].label_from_instance = lambda t: (
            f"{t.name} ({t.get_level_display()})"
        )
        self.fields["achieved_on"].initial = timezone.localdate()


class StoryForm(VersionedModelForm):
    class Meta:
        model = OutcomeStory
        fields = ["title", "text", "level", "themes", "consent", "told_on"]
        field_classes = {"themes": ModelMultipleChoiceField}
        widgets = {
            "told_on": DateInput(),
            "text": forms.Textarea(attrs={"rows": 8}),
            "themes": forms.CheckboxSelectMultiple,
            "consent": forms.RadioSelect,
        }
        labels = {"text": "The story", "told_on": "Date"}

    def __init__(self, *args, localities=None, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = self.instance.themes.all() if self.instance.pk else Theme.objects.none()
        self.fields["themes"].queryset = Theme.objects.filter(
            Q(active=True) | Q(pk__in=chosen.values("pk"))
        )
        self.fields["told_on"].initial = timezone.localdate()
        refuse_hidden_characters(self, ["title"])
        self.fields["consent"].help_text = (
            "What the person agreed to. Anonymised stories appear in reports without names: "
            "leave their name out of the story (any that slips in is printed as [name])."
        )
        if localities is not None:
            # A community story: tied to a locality only.
            self.fields["locality"] = forms.ModelChoiceField(queryset=localities)
            self.order_fields(["locality"])

    def save(self, commit=True):
        story = super().save(commit=False)
        if story.pk:
            # Featuring is a manager's choice made elsewhere: keep what is saved now, unless
            # consent was withdrawn, which ends it (a story with no consent is never shown).
            saved = OutcomeStory.objects.filter(pk=story.pk).values_list("featured", flat=True)
            story.featured = bool(saved.first()) and story.consent != Consent.NONE
        if commit:
            story.save()
            self._save_m2m()
        return story


class WellbeingCheckForm(VersionedModelForm):
    class Meta:
        model = WellbeingCheck
        fields = ["checked_on", "life_satisfaction", "worthwhile", "happiness", "anxiety"]
        widgets = {"checked_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checked_on"].initial = timezone.localdate()
        for name, question in WellbeingCheck.QUESTIONS.items():
            self.fields[name] = forms.TypedChoiceField(
                label=question,
                choices=[(i, str(i)) for i in range(11)],
                coerce=int,
                widget=forms.RadioSelect,
                help_text=(
                    "0 = not at all anxious, 10 = completely anxious"
                    if name == "anxiety"
                    else "0 = not at all, 10 = completely"
                ),
            )
