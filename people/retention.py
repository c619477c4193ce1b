"""Retention: anonymise people whose involvement ended longer ago than the period.

Names become "Anonymised" / "Person <id>", contact details and free text are cleared,
and the audit trail about them loses their name; locality, themes, dates, minutes and
counts stay, so every statistic is the same before and after.
"""

from __future__ import annotations

import datetime as dt

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet

from coordinators.models import User
from people.audit import person_log_entries, person_records
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
# Names in old audit diffs.
NAME_FIELDS = {"first_name", "last_name", "preferred_name"}


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


def _scrub_log_entries(person: Person) -> None:
    entries = list(person_log_entries(person))
    for entry in entries:
        entry.object_repr = f"{entry.content_type.name} #{entry.object_pk}"
        entry.serialized_data = None
        entry.changes_text = ""
        if isinstance(entry.changes, dict):
            entry.changes = {
                field: [SCRUBBED, SCRUBBED]
                if field in NAME_FIELDS | PLACEHOLDERS.keys()
                else values
                for field, values in entry.changes.items()
            }
    LogEntry.objects.bulk_update(
        entries, ["object_repr", "serialized_data", "changes_text", "changes"], batch_size=500
    )


def person_anonymise(*, person: Person) -> None:
    """Anonymise one person and every record about them, keeping the statistics."""
    with transaction.atomic(), disable_auditlog():
        for model, rows in person_records(person):
            names = {f.name for f in model._meta.concrete_fields}
            changes = dict.fromkeys(FREE_TEXT & names, "")
            changes |= {name: value for name, value in PLACEHOLDERS.items() if name in names}
            if changes:
                rows.update(**changes)
        Person.objects.filter(pk=person.pk).update(
            first_name=ANONYMISED,
            last_name=f"Person {person.pk}",
            version=F("version") + 1,
            **PERSON_CLEARED,
        )
        _scrub_log_entries(person)
    person.refresh_from_db()
    LogEntry.objects.log_create(
        person,
        action=LogEntry.Action.UPDATE,
        force_log=True,
        changes={"retention": ["", "anonymised"]},
        additional_data={"purpose": "retention anonymisation"},
    )


def anonymise_expired(*, today: dt.date, dry_run: bool, by: User | None) -> RetentionRun:
    """Anonymise every expired person (or only count them) and record the run."""
    expired = list(people_expired(today=today))
    if not dry_run:
        for person in expired:
            person_anonymise(person=person)
    return RetentionRun.objects.create(dry_run=dry_run, count=len(expired), by=by)
