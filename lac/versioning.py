"""The one write path for saved records, and the one optimistic-locking mechanism.

Records that people edit in forms carry a `version`. Every change to a saved record goes
through `record_save`: it locks the row, moves the version on by one and saves the
instance. So an edit form read before any change (another form, a contact's next step, a
caseload move, the admin) is refused with what changed, instead of silently undoing it.
It saves the instance, never a queryset `.update()`: django-auditlog's signals write the
audit entry, and the model's own save() runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db import models, transaction


@dataclass
class FieldChange:
    label: str
    saved: str
    yours: str


class StaleEdit(Exception):
    """The record changed since the form was read; `changes` says how it differs."""

    def __init__(self, changes: list[FieldChange] | None = None):
        super().__init__("The record changed since the form was opened.")
        self.changes = changes or []


def _versioned(model: type[models.Model]) -> bool:
    return any(field.name == "version" for field in model._meta.concrete_fields)


def locked(record: models.Model, *fields: str) -> tuple:
    """Lock the record's row until the transaction ends, and read its saved `fields`.

    A form checked the record as it was when the request began; a request racing this
    one may have changed it since. Call inside `transaction.atomic`.
    """
    rows = type(record)._base_manager.select_for_update().filter(pk=record.pk)
    return rows.values_list(*fields).get()


def record_save(record: models.Model, *fields: str, read_version: int | None = None) -> None:
    """Save a change to a record that exists, moving its version on by one.

    Saves `fields` (with the model's `auto_now` columns), or every field if none are
    named. A versioned row is locked until the transaction ends: call inside
    `transaction.atomic`. With `read_version`, the version an edit form was read at,
    raises StaleEdit (and saves nothing) if anyone saved the record since. A record
    without a version (a connection) is saved the same way, for its audit entry; the
    service that changes it locks what it checks.
    """
    model = type(record)
    update_fields = None
    if fields:
        update_fields = {*fields}
        update_fields.update(
            field.name for field in model._meta.concrete_fields if getattr(field, "auto_now", False)
        )
    if _versioned(model):
        (saved,) = locked(record, "version")
        if read_version is not None and saved != read_version:
            raise StaleEdit()
        record.version = saved + 1
        if update_fields is not None:
            update_fields.add("version")
    elif read_version is not None:
        raise TypeError(f"{model.__name__} has no version to check.")
    record.save(update_fields=update_fields)


def record_delete(record: models.Model, *, read_version: int) -> None:
    """Delete a record confirmed at `read_version`; StaleEdit if anyone saved it since.

    Deletes the instance, so auditlog records the deletion. Call inside `transaction.atomic`.
    """
    (saved,) = locked(record, "version")
    if saved != read_version:
        raise StaleEdit()
    record.delete()


class VersionedModelForm(forms.ModelForm):
    """An edit form that carries the version it was read at, and saves through
    `record_save`: a stale form is refused with what changed, keeping what was typed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]

    def save_versioned(self):
        """Save if nobody else saved since the form was read, else raise StaleEdit."""
        with transaction.atomic():
            record = self.save(commit=False)
            try:
                record_save(record, read_version=self.cleaned_data["version"])
            except StaleEdit as stale:
                current = type(record)._base_manager.get(pk=record.pk)
                stale.changes = self._changes_against(current)
                # Let a deliberate resubmission overwrite, now the user has seen the changes.
                self.data = self.data.copy()
                self.data[self.add_prefix("version")] = current.version
                raise
            self.save_m2m()
        return record

    def _changes_against(self, current) -> list[FieldChange]:
        changes = []
        # Only the record's own fields: a form may carry others (a next step, a token).
        on_record = {field.name for field in self.instance._meta.get_fields()}
        for name, field in self.fields.items():
            if name == "version" or name not in on_record or name not in self.cleaned_data:
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


class VersionedAdminMixin:
    """Admin saves of a changed record go through `record_save`.

    The admin's own forms carry no version, so an admin correction always saves; moving
    the version on means a coordinator's form opened before it is refused instead of
    silently putting the old values back.
    """

    def save_model(self, request, obj, form, change):
        if change:
            record_save(obj)
        else:
            super().save_model(request, obj, form, change)


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
