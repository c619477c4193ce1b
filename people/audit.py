"""The audit trail about a person: what is held about them and who touched it.

Models are found by introspection (anything with a foreign key to Person, or to one of
their Introductions), so a new model that holds data about a person is audited, exported
and anonymised without this module knowing its name. Each entry about such a record
carries the person's id from the moment it is written, so the trail about a person still
holds it after the record is removed.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from auditlog.models import LogEntry
from auditlog.signals import accessed
from django.conf import settings
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Func, JSONField, Q, QuerySet
from django.utils.text import capfirst

from coordinators.models import AUDIT_ACTOR_KEY, User
from people.models import Introduction, Person

# The key under which an entry about a record held about a person records that person's
# id, written with the entry: it stays with them after the record itself is removed.
AUDIT_PERSON_KEY = "person"


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
    """Audit entries about the person and about every record ever held about them,
    records since removed included."""
    about_them = Q(content_type=ContentType.objects.get_for_model(Person), object_id=person.pk)
    return (
        LogEntry.objects.filter(
            about_them | Q(**{f"additional_data__{AUDIT_PERSON_KEY}": person.pk})
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


class _AsJSON(Func):
    """An id as a JSON value, so a key of a JSON column is compared with it as it is
    indexed (PostgreSQL's index is on `additional_data -> 'person'`, a jsonb)."""

    function = "to_jsonb"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite reads a number out of JSON as a plain number already.
        return compiler.compile(self.source_expressions[0])


def audit_entries_visible_to(user, entries: QuerySet[LogEntry] | None = None) -> QuerySet:
    """The audit entries (of `entries`, or all) that `user` may read.

    Someone covering every locality reads them all. Anyone else reads an entry about a
    person, or about a record held about one, only if they see that person; an entry about
    a user only if they may manage that user in the admin; entries about configuration
    (localities, assets, groups) all. An entry about a record held about a person that
    names no person is hidden: nothing says whose it is.
    """
    entries = LogEntry.objects.all() if entries is None else entries
    if not user.is_authenticated or not user.is_active:
        return entries.none()
    if user.covers_all_localities:
        return entries
    types = ContentType.objects.get_for_models(Person, User, *person_relations())
    person_type, user_type = types[Person], types[User]
    people = Person.objects.visible_to(user).values("pk")
    person_key = f"additional_data__{AUDIT_PERSON_KEY}"
    return entries.filter(
        Q(**{f"{person_key}__in": people.annotate(json=_AsJSON("pk")).values("json")})
        | Q(content_type=person_type, object_id__in=people)
        | Q(content_type=user_type, object_id__in=User.objects.manageable_by(user).values("pk"))
        | (Q(**{f"{person_key}__isnull": True}) & ~Q(content_type__in=types.values()))
    )


def audit_label(content_type: ContentType, pk) -> str:
    """A record's label that shows nothing personal: "Outcome story #12"."""
    return f"{capfirst(content_type.name)} #{pk}"


def _labelled_by_id(model: type[models.Model] | None) -> bool:
    return model is not None and model._meta.label_lower in settings.AUDIT_LABEL_BY_ID


def _old_id(values) -> int | None:
    """The value before a change, from a diff's [old, new] pair, as an id."""
    try:
        return int(values[0])
    except (TypeError, ValueError, IndexError, KeyError):
        return None


def _person_of(model: type[models.Model] | None, entry: LogEntry) -> int | None:
    """The person the entry's record is about, if it is about one."""
    lookups = person_relations().get(model)
    if not lookups:
        return None
    if entry.action != LogEntry.Action.DELETE:
        row = model._base_manager.filter(pk=entry.object_pk).values_list(*lookups).first()
        return next((pk for pk in row or () if pk is not None), None)
    # The row is gone: a delete entry's diff holds its last values.
    diff = entry.changes if isinstance(entry.changes, dict) else {}
    for lookup in lookups:
        field, _, onward = lookup.partition("__")
        if (pk := _old_id(diff.get(field))) is None:
            continue
        if not onward:
            return pk
        through = model._meta.get_field(field).related_model._base_manager
        return through.filter(pk=pk).values_list(onward, flat=True).first()
    return None


def audit_entry_stamp(sender, instance: LogEntry, **kwargs) -> None:
    """Before an audit entry is first written: a label free of masked data, and the person
    its record is about (for any model found by `person_relations`)."""
    if instance.pk is not None:
        return
    content_type = ContentType.objects.get_for_id(instance.content_type_id)
    model = content_type.model_class()
    if _labelled_by_id(model):
        instance.object_repr = audit_label(content_type, instance.object_pk)
    if (person_id := _person_of(model, instance)) is not None:
        instance.additional_data = {**(instance.additional_data or {}), AUDIT_PERSON_KEY: person_id}


def admin_log_entry_label(sender, instance: AdminLogEntry, **kwargs) -> None:
    """The Django admin's own log ("Recent actions") labels those records the same way."""
    if instance.content_type_id is None:
        return
    content_type = ContentType.objects.get_for_id(instance.content_type_id)
    if _labelled_by_id(content_type.model_class()):
        instance.object_repr = audit_label(content_type, instance.object_id)


def admin_log_relabel_removed(sender, instance: models.Model, **kwargs) -> None:
    """After such a record is deleted, no row of the admin's log keeps its old label: the
    admin logs a deletion of several records at once with `bulk_create`, which sends no
    signal to the receiver above."""
    content_type = ContentType.objects.get_for_model(sender)
    label = audit_label(content_type, instance.pk)
    AdminLogEntry.objects.filter(content_type=content_type, object_id=str(instance.pk)).exclude(
        object_repr=label
    ).update(object_repr=label)


def entry_actor(entry: LogEntry) -> str:
    """Who made an entry: the user; the name and id recorded with the entry if the link to
    the user is lost; else the system (a scheduled run, a failed sign-in)."""
    if entry.actor is not None:
        return str(entry.actor)
    if recorded := (entry.additional_data or {}).get(AUDIT_ACTOR_KEY):
        return f"{recorded['name']} (user #{recorded['id']}, no longer linked)"
    return "system"


def entry_detail(entry: LogEntry) -> dict[str, object]:
    """What an entry says beyond who and what (a purpose, a format), without the keys the
    trail keeps for itself."""
    data = entry.additional_data or {}
    return {
        key: value for key, value in data.items() if key not in (AUDIT_PERSON_KEY, AUDIT_ACTOR_KEY)
    }


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
