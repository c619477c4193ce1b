"""Subject access export: everything held about one person, as printable HTML or JSON."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from lac.rendering import render
from people.audit import (
    entry_actor,
    entry_detail,
    log_person_exported,
    person_log_entries,
    person_records,
)
from people.models import Introduction, Person


def _value(obj: models.Model, field: models.Field):
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    if field.related_model in (Person, Introduction):
        # The person is the subject, and their introductions are listed by id.
        return getattr(obj, field.attname)
    if field.is_relation:
        related = getattr(obj, field.name)
        return None if related is None else str(related)
    return getattr(obj, field.attname)


def record_fields(obj: models.Model) -> dict[str, object]:
    """Every stored field of a record (and its many-to-many labels), by field name."""
    data = {field.name: _value(obj, field) for field in obj._meta.concrete_fields}
    for field in obj._meta.many_to_many:
        data[field.name] = [str(item) for item in getattr(obj, field.name).all()]
    return data


def _with_relations(model: type[models.Model], rows: models.QuerySet) -> models.QuerySet:
    """Load every foreign key and many-to-many up front: one query per model, not per row."""
    forward = [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model not in (Person, Introduction)
    ]
    return rows.select_related(*forward).prefetch_related(
        *[f.name for f in model._meta.many_to_many]
    )


def subject_access_data(person: Person) -> dict[str, object]:
    """The person, every record about them by model label, and the audit trail about them
    (records since removed included)."""
    return {
        "generated_at": timezone.now(),
        "person": record_fields(person),
        "records": {
            model._meta.label: {
                "title": str(model._meta.verbose_name_plural).capitalize(),
                "items": [record_fields(obj) for obj in _with_relations(model, rows)],
            }
            for model, rows in person_records(person)
        },
        "audit": [
            {
                "when": entry.timestamp,
                "who": entry_actor(entry),
                "action": entry.get_action_display(),
                "record": f"{entry.content_type.name}: {entry.object_repr}",
                "fields_changed": sorted(entry.changes_dict),
                "detail": entry_detail(entry),
            }
            for entry in person_log_entries(person)
        ],
    }


def _for_display(record: dict[str, object]) -> list[tuple[str, object]]:
    return [
        (name.replace("_", " "), ", ".join(value) if isinstance(value, list) else value)
        for name, value in record.items()
    ]


@permission_required("coordinators.export_subject_access", raise_exception=True)
def person_subject_access(request, pk):
    """Everything held about one person, for a subject access request (managers, admins)."""
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    export_format = "json" if request.GET.get("format") == "json" else "html"
    log_person_exported(person, export_format=export_format)
    data = subject_access_data(person)
    if export_format == "json":
        response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2})
        response["Content-Disposition"] = f'attachment; filename="subject-access-{person.pk}.json"'
        return response
    sections = [
        (section["title"], [_for_display(item) for item in section["items"]])
        for section in data["records"].values()
    ]
    context = {
        "person": person,
        "data": data,
        "person_fields": _for_display(data["person"]),
        "sections": sections,
    }
    return render(request, "people/person_subject_access.html", context)
