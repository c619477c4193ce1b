from __future__ import annotations

import re

from django import forms
from django.db.models import Q
from django.utils import timezone

from coordinators.models import User
from lac.dates import validate_record_date
from lac.forms import HIDDEN_CHARACTERS as HIDDEN_CHARACTERS  # re-exported for tests
from lac.forms import DateInput, ModelMultipleChoiceField, refuse_hidden_characters
from lac.versioning import VersionedModelForm
from localities.models import CommunityAsset, Locality, ReferralSource, Theme
from people.models import (
    AREAS_OF_SUPPORT,
    ClosingReason,
    Connection,
    Contact,
    ContactMode,
    Introduction,
    Person,
    SupportLevel,
)

# Digits with spaces, brackets and dashes, maybe a leading +; 7 to 15 digits in all.
PHONE = re.compile(r"\+?[0-9 ()\-]+")
PHONE_DIGITS = (7, 15)
# A UK postcode, spaces normalised: outward code, one space, inward code. No area starts
# with Q, V or X; GIR 0AA is Girobank's.
POSTCODE = re.compile(r"GIR 0AA|[A-PR-UWYZ][A-Z]?[0-9][A-Z0-9]? [0-9][A-Z]{2}")
# Refuse hidden characters (lac.forms): a name, a phone number or a postcode is one line.
SINGLE_LINE = ("first_name", "last_name", "preferred_name", "phone", "postcode")


class PersonForm(VersionedModelForm):
    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "phone",
            "email",
            "address",
            "postcode",
            "locality",
            "lead_coordinator",
            "vision",
            "strengths",
            "consent_recorded_on",
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "consent_recorded_on": DateInput(),
            "vision": forms.Textarea(attrs={"rows": 3}),
            "strengths": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_hidden_characters(self, SINGLE_LINE)
        localities = Locality.objects.visible_to(user)
        self.fields["locality"].queryset = localities
        # NewPersonForm leaves the lead out: whoever takes the introduction leads.
        if "lead_coordinator" in self.fields:
            self.fields["lead_coordinator"].queryset = User.objects.coordinators().covering(
                localities
            )
        self.fields["consent_recorded_on"].label = "Consent to keep a record given on"

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        digits = sum(c.isdigit() for c in phone)
        low, high = PHONE_DIGITS
        if phone and not (PHONE.fullmatch(phone) and low <= digits <= high):
            raise forms.ValidationError(
                "Enter a phone number of 7 to 15 digits; spaces, brackets, + and - are fine."
            )
        return phone

    def clean_postcode(self):
        postcode = "".join(self.cleaned_data["postcode"].upper().split())
        if not postcode:
            return ""
        # Written with its one space before the last three characters, as Royal Mail does.
        postcode = f"{postcode[:-3]} {postcode[-3:]}"
        if not POSTCODE.fullmatch(postcode):
            raise forms.ValidationError("Enter a UK postcode, such as SW1A 1AA.")
        return postcode

    def clean(self):
        cleaned = super().clean()
        lead, locality = cleaned.get("lead_coordinator"), cleaned.get("locality")
        if lead and locality and not User.objects.covering([locality]).filter(pk=lead.pk).exists():
            self.add_error("lead_coordinator", f"{lead} does not cover {locality}.")
        return cleaned


class NewPersonForm(PersonForm):
    """The person half of a new introduction: who they are, briefly."""

    class Meta(PersonForm.Meta):
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "phone",
            "email",
            "postcode",
            "locality",
            "consent_recorded_on",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["consent_recorded_on"].required = True
        self.fields["consent_recorded_on"].initial = timezone.localdate()
        self.fields[
            "consent_recorded_on"
        ].help_text = "They agreed to us keeping a record. Needed before anything is saved."
        if self.fields["locality"].queryset.count() == 1:
            self.fields["locality"].initial = self.fields["locality"].queryset.first()

    def clean(self):
        return forms.ModelForm.clean(self)


class IntroductionForm(VersionedModelForm):
    class Meta:
        model = Introduction
        fields = [
            "referral_source",
            "introducer",
            "introduced_on",
            "what_is_happening",
            "themes",
            "support_level",
            "next_step",
        ]
        field_classes = {"themes": ModelMultipleChoiceField}
        widgets = {
            "introduced_on": DateInput(),
            "what_is_happening": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.CheckboxSelectMultiple,
        }
        labels = {"referral_source": "Introduced by (source)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.referral_source_id if self.instance.pk else None
        self.fields["referral_source"].queryset = ReferralSource.objects.filter(
            Q(active=True) | Q(pk=current)
        )
        self.fields["themes"].queryset = Theme.objects.filter(active=True)
        self.fields["themes"].required = False
        if not self.instance.pk:
            self.fields["introduced_on"].initial = timezone.localdate()
        else:
            # Support level changes are dated: they have their own form.
            del self.fields["support_level"]

    def clean_introduced_on(self):
        value = self.cleaned_data["introduced_on"]
        validate_record_date(value)
        intro = self.instance
        if intro.pk and intro.first_contact_on and value > intro.first_contact_on:
            raise forms.ValidationError(
                f"First contact was on {intro.first_contact_on:%d/%m/%Y}: "
                "the introduction cannot be after it."
            )
        return value


class ContactForm(VersionedModelForm):
    # Declared, not adjusted in __init__: min_value/max_value set after a field is built
    # add no validators, and the database constraint's error would not sit by the field.
    minutes = forms.IntegerField(
        min_value=1, max_value=24 * 60, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    next_step = forms.CharField(
        max_length=250,
        required=False,
        label="Next step",
        help_text="Shown on the caseload. Leave as it is if nothing changed.",
    )

    class Meta:
        model = Contact
        fields = ["contact_on", "minutes", "mode", *(f for f, _ in AREAS_OF_SUPPORT), "note"]
        widgets = {
            "contact_on": DateInput(),
            "mode": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, introduction: Introduction, **kwargs):
        super().__init__(*args, **kwargs)
        self.introduction = introduction
        self.instance.introduction = introduction
        self.fields["contact_on"].initial = timezone.localdate()
        self.fields["mode"].choices = ContactMode.choices
        self.fields["next_step"].initial = introduction.next_step
        if self.instance.pk:
            # Correcting a contact: the episode's next step has its own place.
            del self.fields["next_step"]

    def clean_contact_on(self):
        value = self.cleaned_data["contact_on"]
        validate_record_date(value)
        if value < self.introduction.introduced_on:
            raise forms.ValidationError(
                f"This episode began on {self.introduction.introduced_on:%d/%m/%Y}: "
                "a contact cannot be before it."
            )
        return value

    def clean(self):
        data = super().clean()
        ticked = [name for name, _ in AREAS_OF_SUPPORT if data.get(name)]
        if data.get("mode") == ContactMode.ATTEMPTED and ticked:
            self.add_error(
                "mode",
                "An attempted contact did not reach the person, so it touched no area of "
                "support. Untick the areas, or choose how you did reach them.",
            )
        return data


class SupportLevelForm(forms.Form):
    support_level = forms.ChoiceField(choices=SupportLevel.choices, widget=forms.RadioSelect)
    changed_on = forms.DateField(
        label="From", widget=DateInput(), validators=[validate_record_date]
    )

    def __init__(self, *args, introduction: Introduction, **kwargs):
        super().__init__(*args, **kwargs)
        self.introduction = introduction
        self.fields["support_level"].initial = introduction.support_level
        self.fields["changed_on"].initial = timezone.localdate()

    def clean_changed_on(self):
        value = self.cleaned_data["changed_on"]
        if value < self.introduction.introduced_on:
            raise forms.ValidationError("This is before the introduction.")
        return value

    def clean_support_level(self):
        value = self.cleaned_data["support_level"]
        if value == self.introduction.support_level:
            raise forms.ValidationError("That is already the support level.")
        return value


class CloseIntroductionForm(forms.Form):
    closed_on = forms.DateField(
        label="Closing date", widget=DateInput(), validators=[validate_record_date]
    )
    reason = forms.ModelChoiceField(
        queryset=ClosingReason.objects.filter(active=True), label="Reason"
    )

    def __init__(self, *args, introduction: Introduction, **kwargs):
        super().__init__(*args, **kwargs)
        self.introduction = introduction
        self.fields["closed_on"].initial = timezone.localdate()

    def clean_closed_on(self):
        value = self.cleaned_data["closed_on"]
        if value < self.introduction.introduced_on:
            raise forms.ValidationError(
                f"The introduction was on {self.introduction.introduced_on:%d/%m/%Y}: "
                "it cannot close before then."
            )
        first = self.introduction.first_contact_on
        if first and value < first:
            raise forms.ValidationError(
                f"First contact was on {first:%d/%m/%Y}: it cannot close before then."
            )
        return value


class ConnectionForm(forms.ModelForm):
    """Suggest an asset to a person, or record that they are already connected."""

    connect_now = forms.BooleanField(
        required=False, label="Already connected (they have been along)"
    )

    class Meta:
        model = Connection
        fields = ["asset", "suggested_on", "note"]
        widgets = {"suggested_on": DateInput()}
        labels = {"suggested_on": "Date"}

    def __init__(self, *args, person: Person, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.person = person
        self.fields["asset"].queryset = (
            CommunityAsset.objects.visible_to(user)
            .active()
            .filter(Q(locality=person.locality_id) | Q(locality__isnull=True))
            .select_related("locality")
        )
        self.fields["suggested_on"].initial = timezone.localdate()

    def clean_asset(self):
        # The one-current-link constraint names `person`, which the form leaves out, so
        # model validation skips it: check here rather than fail on save.
        asset = self.cleaned_data["asset"]
        if self.instance.person.connections.current().filter(asset=asset).exists():
            raise forms.ValidationError("This person is already linked to this asset.")
        return asset


class ConnectionUpdateForm(forms.Form):
    action = forms.ChoiceField(choices=[("connect", "Connected"), ("end", "Ended")])
    on = forms.DateField(label="Date", widget=DateInput(), validators=[validate_record_date])

    def __init__(self, *args, connection: Connection, **kwargs):
        super().__init__(*args, **kwargs)
        self.connection = connection
        self.fields["on"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        on, action = cleaned.get("on"), cleaned.get("action")
        if on:
            if on < self.connection.suggested_on:
                self.add_error(
                    "on",
                    f"It was suggested on {self.connection.suggested_on:%d/%m/%Y}: "
                    "pick that day or later.",
                )
            connected = self.connection.connected_on
            if action == "end" and connected and on < connected:
                self.add_error(
                    "on", f"It was connected on {connected:%d/%m/%Y}: pick that day or later."
                )
        if action == "connect" and self.connection.status != "suggested":
            raise forms.ValidationError("Only a suggestion can become a connection.")
        if action == "end" and self.connection.status == "ended":
            raise forms.ValidationError("This connection has already ended.")
        return cleaned
