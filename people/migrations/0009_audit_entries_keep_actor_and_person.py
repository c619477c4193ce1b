"""Existing audit entries get what new ones are written with.

- Who: the actor's name and id (and email), kept if the link to the user is ever lost.
- Whom: the id of the person an entry's record is about, so the trail about a person
  keeps entries about records since removed; for a removed record it comes from the
  entries' own diffs (a create or delete entry holds every field).
- A label free of masked data for models listed in AUDIT_LABEL_BY_ID, in the trail and
  in the Django admin's log.

Works on the historical models, found the way `people.audit.person_relations` finds them.
"""

from collections import defaultdict

from django.conf import settings
from django.db import migrations

ACTOR = "actor"
PERSON = "person"
BATCH = 500


def _id(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _seen(values) -> int | None:
    """The id a diff's [old, new] pair holds: the new one, or the old on a deletion."""
    if not isinstance(values, list) or len(values) != 2:
        return None
    return _id(values[1]) if _id(values[1]) is not None else _id(values[0])


def _actors(apps, LogEntry) -> None:
    User = apps.get_model(settings.AUTH_USER_MODEL)
    users = {
        user.pk: user for user in User.objects.filter(pk__in=LogEntry.objects.values("actor_id"))
    }
    batch = []
    for entry in LogEntry.objects.filter(actor__isnull=False).iterator(chunk_size=BATCH):
        if ACTOR in (entry.additional_data or {}) or entry.actor_id not in users:
            continue
        user = users[entry.actor_id]
        name = f"{user.first_name} {user.last_name}".strip() or user.username
        recorded = {"id": user.pk, "username": user.username, "name": name}
        entry.additional_data = {**(entry.additional_data or {}), ACTOR: recorded}
        entry.actor_email = entry.actor_email or user.email or None
        batch.append(entry)
    LogEntry.objects.bulk_update(batch, ["additional_data", "actor_email"], batch_size=BATCH)


def _relations(apps) -> dict:
    """Each model with a foreign key to Person or Introduction: its (field, target) pairs."""
    Person = apps.get_model("people", "Person")
    Introduction = apps.get_model("people", "Introduction")
    relations = defaultdict(list)
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.many_to_one and field.related_model in (Person, Introduction):
                relations[model].append((field, field.related_model is Person))
    return relations


def _persons(apps, LogEntry) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Introduction = apps.get_model("people", "Introduction")
    relations = _relations(apps)
    types = {
        (ct.app_label, ct.model): ct.pk
        for ct in ContentType.objects.filter(app_label__in={m._meta.app_label for m in relations})
    }
    by_type = {
        types[key]: model
        for model in relations
        if (key := (model._meta.app_label, model._meta.model_name)) in types
    }
    about = LogEntry.objects.filter(content_type_id__in=by_type)
    # Each record's links, from the rows that still exist, then from every entry's diff.
    links = defaultdict(dict)
    for ct, model in by_type.items():
        names = [field.attname for field, _ in relations[model]]
        for pk, *values in model._base_manager.values_list("pk", *names).iterator():
            links[ct, pk] = {n: v for n, v in zip(names, values, strict=True) if v is not None}
    for entry in about.only("content_type_id", "object_id", "changes").iterator(BATCH):
        if not isinstance(entry.changes, dict):
            continue
        for field, _ in relations[by_type[entry.content_type_id]]:
            found = _seen(entry.changes.get(field.name))
            if found is not None:
                links[entry.content_type_id, entry.object_id].setdefault(field.attname, found)
    introduction_type = types.get(("people", "introduction"))
    introductions = dict(Introduction._base_manager.values_list("pk", "person_id"))

    def person_of(ct, pk) -> int | None:
        for field, direct in relations[by_type[ct]]:
            target = links[ct, pk].get(field.attname)
            if target is None:
                continue
            if direct:
                return target
            return introductions.get(target) or links[introduction_type, target].get("person_id")
        return None

    batch = []
    for entry in about.iterator(BATCH):
        if PERSON in (entry.additional_data or {}) or entry.object_id is None:
            continue
        if (person := person_of(entry.content_type_id, entry.object_id)) is not None:
            entry.additional_data = {**(entry.additional_data or {}), PERSON: person}
            batch.append(entry)
    LogEntry.objects.bulk_update(batch, ["additional_data"], batch_size=BATCH)


def _labels(apps, LogEntry) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    AdminLogEntry = apps.get_model("admin", "LogEntry")
    for label in settings.AUDIT_LABEL_BY_ID:
        try:
            model = apps.get_model(label)
        except LookupError:  # not migrated yet: nothing logged about it either
            continue
        ct = ContentType.objects.filter(
            app_label=model._meta.app_label, model=model._meta.model_name
        ).first()
        if ct is None:
            continue
        name = str(model._meta.verbose_name)
        name = name[:1].upper() + name[1:]
        for rows, pk_field in ((LogEntry, "object_pk"), (AdminLogEntry, "object_id")):
            batch = []
            for row in rows.objects.filter(content_type=ct).iterator(BATCH):
                row.object_repr = f"{name} #{getattr(row, pk_field)}"
                batch.append(row)
            rows.objects.bulk_update(batch, ["object_repr"], batch_size=BATCH)


def backfill(apps, schema_editor) -> None:
    LogEntry = apps.get_model("auditlog", "LogEntry")
    _actors(apps, LogEntry)
    _persons(apps, LogEntry)
    _labels(apps, LogEntry)


# On PostgreSQL, an index on the person key: it serves `people.audit.person_log_entries`
# (subject access, the trail about one person, anonymisation), which would otherwise read
# the whole trail. SQLite, for development, does without.
INDEX = "auditlog_logentry_person_idx"


def person_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        table = apps.get_model("auditlog", "LogEntry")._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} ((additional_data -> '{PERSON}'))"
        )


def drop_person_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0008_person_name_index"),
        ("auditlog", "0017_add_actor_email"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(person_index, drop_person_index),
    ]
