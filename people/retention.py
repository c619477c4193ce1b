"""Retention: anonymise people whose involvement ended longer ago than the period.

Names become "Anonymised" / "Person <id>", contact details and free text are cleared,
and the audit trail and the Django admin's log about them keep who, when and what kind of
change but no value or name; locality, themes, dates, minutes and counts stay, so every
statistic is the same before and after.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from functools import reduce
from operator import or_

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet

from coordinators.models import User
from people.audit import audit_label, person_log_entries, person_records
from people.models import Introduction, Person, RetentionRun, SupportLevel, SupportLevelChange

ANONYMISED = "Anonymised"
SCRUBBED = "[anonymised]"
# Person fields cleared; names are replaced instead.
PERSON_CLEARED = {
    "preferred_name": "",
    "date_of_birth": None,
    "phone": "",
    "email": "",
    "address": "",
    "postcode": "",
    "vision": "",
    "strengths": "",
}
# Free-text fields cleared on any record about the person, whatever its model.
FREE_TEXT = {"note", "introducer", "what_is_happening", "next_step", "text", "description"}
# Required text fields that get a placeholder instead of nothing.
PLACEHOLDERS = {"title": "Anonymised story"}


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def people_expired(*, today: dt.date) -> QuerySet[Person]:
    """People with no open introduction whose last one closed before their period.

    Walking alongside at any time: LAC_RETENTION_YEARS; information and connection
    only: LAC_RETENTION_INFORMATION_ONLY_YEARS. People never introduced are left alone.
    """
    full = _years_before(today, settings.LAC_RETENTION_YEARS)
    brief = _years_before(today, settings.LAC_RETENTION_INFORMATION_ONLY_YEARS)
    walked = Introduction.objects.filter(person=OuterRef("pk")).filter(
        Q(support_level=SupportLevel.WALKING_ALONGSIDE)
        | Exists(
            SupportLevelChange.objects.filter(
                introduction=OuterRef("pk"), support_level=SupportLevel.WALKING_ALONGSIDE
            )
        )
    )
    return (
        Person.objects.exclude(first_name=ANONYMISED)
        .annotate(
            has_open=Exists(Introduction.objects.open().filter(person=OuterRef("pk"))),
            walked=Exists(walked),
            last_closed=Max("introductions__closed_on"),
        )
        .filter(has_open=False, last_closed__isnull=False)
        .filter(Q(walked=True, last_closed__lt=full) | Q(walked=False, last_closed__lt=brief))
        .order_by("pk")
    )


def _scrubbed(values):
    """A diff's values hidden, its field names kept: the trail still says what changed."""
    if isinstance(values, dict) and "objects" in values:  # a many-to-many change
        return {**values, "objects": [SCRUBBED for _ in values["objects"]]}
    if isinstance(values, list):
        return [SCRUBBED for _ in values]
    return SCRUBBED


def _scrub_log_entries(entries: list[LogEntry]) -> None:
    """Keep who, when and what kind of change; drop every value and every record's name.

    Values go whatever the field: masked ones, notes, wellbeing scores, names.
    """
    for entry in entries:
        entry.object_repr = audit_label(entry.content_type, entry.object_pk)
        entry.serialized_data = None
        entry.changes_text = ""
        if isinstance(entry.changes, dict):
            entry.changes = {field: _scrubbed(values) for field, values in entry.changes.items()}
    LogEntry.objects.bulk_update(
        entries, ["object_repr", "serialized_data", "changes_text", "changes"], batch_size=500
    )


def _scrubbed_message(message: str) -> str:
    """An admin change message naming no record.

    The admin writes a JSON list in which inline records appear by their `__str__`
    ("object"); any other message is free text, so it goes.
    """
    try:
        parsed = json.loads(message)
    except ValueError:
        return ""
    if not isinstance(parsed, list):
        return ""
    for item in parsed:
        for detail in item.values() if isinstance(item, dict) else ():
            if isinstance(detail, dict) and "object" in detail:
                detail["object"] = SCRUBBED
    return json.dumps(parsed)


def _scrub_admin_log(person: Person, entries: list[LogEntry]) -> None:
    """The Django admin's own log ("Recent actions") about the person and every record
    held about them, removed ones included (the trail's entries name those)."""
    records: dict[int, set[str]] = defaultdict(set)
    records[ContentType.objects.get_for_model(Person).pk].add(str(person.pk))
    for model, rows in person_records(person):
        content_type = ContentType.objects.get_for_model(model)
        records[content_type.pk].update(str(pk) for pk in rows.values_list("pk", flat=True))
    for entry in entries:
        records[entry.content_type_id].add(entry.object_pk)
    about = reduce(or_, (Q(content_type=ct, object_id__in=pks) for ct, pks in records.items()))
    rows = list(AdminLogEntry.objects.filter(about).select_related("content_type"))
    for row in rows:
        row.object_repr = audit_label(row.content_type, row.object_id)
        row.change_message = _scrubbed_message(row.change_message)
    AdminLogEntry.objects.bulk_update(rows, ["object_repr", "change_message"], batch_size=500)


def person_anonymise(*, person: Person, run: RetentionRun) -> None:
    """Anonymise one person and every record about them, keeping the statistics.

    Queryset updates, which write no entry of their own: the trail gets one entry for the
    person instead, saying it was done, in which run and by whom, with no personal value.
    """
    with transaction.atomic():
        locked = Person.objects.select_for_update().filter(pk=person.pk)
        (read_version,) = locked.values_list("version", flat=True)
        for model, rows in person_records(person):
            names = {f.name for f in model._meta.concrete_fields}
            changes = dict.fromkeys(FREE_TEXT & names, "")
            changes |= {name: value for name, value in PLACEHOLDERS.items() if name in names}
            if "featured" in names:
                # A scrubbed story is nobody's story to print any more.
                changes["featured"] = False
            if changes and "version" in names:
                # An edit form open on the record must not write its old text back.
                changes["version"] = F("version") + 1
            if changes:
                rows.update(**changes)
        cleared = {"first_name": ANONYMISED, "last_name": f"Person {person.pk}", **PERSON_CLEARED}
        locked.update(version=F("version") + 1, **cleared)
        person.refresh_from_db()
        entries = list(person_log_entries(person))
        _scrub_log_entries(entries)
        _scrub_admin_log(person, entries)
        LogEntry.objects.log_create(
            person,
            action=LogEntry.Action.UPDATE,
            force_log=True,
            actor=run.by,
            changes={name: [SCRUBBED, str(value)] for name, value in cleared.items()}
            | {"version": [str(read_version), str(person.version)]},
            additional_data={"purpose": "retention anonymisation", "run": run.pk},
        )


def anonymise_expired(*, today: dt.date, dry_run: bool, by: User | None) -> RetentionRun:
    """Anonymise every expired person (or only count them) and record the run."""
    expired = list(people_expired(today=today))
    run = RetentionRun.objects.create(dry_run=dry_run, count=len(expired), by=by)
    if not dry_run:
        for person in expired:
            person_anonymise(person=person, run=run)
    return run
