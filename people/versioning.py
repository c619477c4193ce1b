"""Optimistic locking for edit forms: a stale form is refused, never silently saved.

The form carries the record's `version` as a hidden field. Saving bumps the version
only if it is still the one the form was read at; otherwise the user sees what changed
and keeps everything they typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db import transaction
from django.db.models import F


@dataclass
class FieldChange:
    label: str
    saved: str
    yours: str


class StaleEdit(Exception):
    def __init__(self, changes: list[FieldChange]):
        super().__init__("The record changed since the form was opened.")
        self.changes = changes


class VersionedModelForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]

    def save_versioned(self):
        """Save if nobody else saved since the form was read, else raise StaleEdit."""
        instance = self.instance
        model = type(instance)
        read_version = self.cleaned_data["version"]
        with transaction.atomic():
            updated = model.objects.filter(pk=instance.pk, version=read_version).update(
                version=F("version") + 1
            )
            if not updated:
                current = model.objects.get(pk=instance.pk)
                changes = self._changes_against(current)
                # Let a deliberate resubmission overwrite, now the user has seen the changes.
                self.data = self.data.copy()
                self.data[self.add_prefix("version")] = current.version
                raise StaleEdit(changes)
            instance.version = read_version + 1
            return self.save()

    def _changes_against(self, current) -> list[FieldChange]:
        changes = []
        for name, field in self.fields.items():
            if name == "version" or name not in self.cleaned_data:
                continue
            saved = getattr(current, name)
            if hasattr(saved, "all"):
                saved = set(saved.all())
                yours = set(self.cleaned_data[name])
            else:
                yours = self.cleaned_data[name]
            if saved != yours:
                changes.append(
                    FieldChange(self[name].label, _display(saved, field), _display(yours, field))
                )
        return changes


def _display(value, field) -> str:
    if isinstance(field, forms.TypedChoiceField):
        value = dict(field.choices).get(value, value)
    if value in (None, ""):
        return "(empty)"
    if isinstance(value, set):
        return ", ".join(sorted(str(v) for v in value)) or "(none)"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)
