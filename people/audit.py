"""The audit trail about a person: what is held about them and who touched it.

Models are found by introspection (anything with a foreign key to Person, or to one of
their Introductions), so a new model that holds data about a person is audited, exported
and anonymised without this module knowing its name.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from auditlog.models import LogEntry
from auditlog.signals import accessed
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from people.models import Introduction, Person


def person_relations() -> dict[type[models.Model], list[str]]:
    """Every model holding rows about a person, with the lookups from it to the person.

    Direct foreign keys to Person ("person"), and foreign keys to Introduction
    ("introduction__person"); a model with both (Connection, Outcome) gets both.
    """
    relations: dict[type[models.Model], list[str]] = {}
    for target, suffix in ((Person, ""), (Introduction, "__person")):
        for rel in target._meta.related_objects:
            if rel.one_to_many or rel.one_to_one:
                relations.setdefault(rel.related_model, []).append(f"{rel.field.name}{suffix}")
    return relations


def person_records(person: Person) -> list[tuple[type[models.Model], models.QuerySet]]:
    """Each related model with its rows about this person, in a stable order."""
    result = []
    for model, lookups in sorted(person_relations().items(), key=lambda m: m[0]._meta.label):
        condition = reduce(or_, (Q(**{lookup: person}) for lookup in lookups))
        result.append((model, model._default_manager.filter(condition).distinct()))
    return result


def person_log_entries(person: Person) -> models.QuerySet[LogEntry]:
    """Audit entries about the person and about every record held about them."""
    condition = Q(content_type=ContentType.objects.get_for_model(Person), object_id=person.pk)
    for model, rows in person_records(person):
        condition |= Q(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=rows.values("pk"),
        )
    return (
        LogEntry.objects.filter(condition)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def can_read_audit(user) -> bool:
    """Whoever the role grants the permission (administrators) reads the trail, and only
    with staff status: the trail is part of the admin, which lets no one else in."""
    return user.is_staff and user.has_perm("auditlog.view_logentry")


def log_person_viewed(person: Person) -> None:
    """Record that the current user read a person's page (auditlog's access entry)."""
    accessed.send(sender=Person, instance=person)


def log_person_exported(person: Person, *, export_format: str) -> LogEntry:
    """Record a subject access export, with its format, as an access entry."""
    return LogEntry.objects.log_create(
        person,
        action=LogEntry.Action.ACCESS,
        force_log=True,
        changes={},
        additional_data={"purpose": "subject access export", "format": export_format},
    )
