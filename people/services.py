"""Writes that span models or have side effects. Each runs in one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Min, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from coordinators.models import User
from people.models import (
    AREAS_OF_SUPPORT,
    ClosingReason,
    Connection,
    ConnectionStatus,
    Contact,
    ContactMode,
    Introduction,
    Person,
    SupportLevelChange,
    first_contact_after,
)


@transaction.atomic
def person_update(*, form) -> Person:
    """Save a person's edit (refused if stale); an open episode moves with them."""
    moved = "locality" in form.changed_data
    person = form.save_versioned()
    if moved:
        episodes_follow(person)
    return person


def episodes_follow(person: Person) -> None:
    """The open episode's work now happens where the person lives, and its connections
    count there; closed episodes, and what was recorded before, stay where they were."""
    open_episodes = person.introductions.open()
    Connection.objects.filter(introduction__in=open_episodes).update(locality_id=person.locality_id)
    open_episodes.update(locality_id=person.locality_id)


@transaction.atomic
def introduction_create(*, introduction: Introduction, themes, by: User) -> Introduction:
    """Open a new episode for a person (new or known) and make the user their lead if none."""
    person = introduction.person
    if person.pk is None:
        person.created_by = by
        person.lead_coordinator = person.lead_coordinator or by
        person.save()
    elif person.lead_coordinator_id is None:
        Person.objects.filter(pk=person.pk).update(lead_coordinator=by)
    introduction.person = person
    introduction.created_by = by
    introduction.save()
    introduction.themes.set(themes)
    SupportLevelChange.objects.create(
        introduction=introduction,
        support_level=introduction.support_level,
        changed_on=introduction.introduced_on,
        changed_by=by,
    )
    return introduction


class AlreadyLogged(Exception):
    """The same contact was logged by the same person moments ago (a second tap)."""


# Two identical contacts from one user within this time are one contact sent twice.
RESUBMIT_WINDOW = dt.timedelta(minutes=2)


@transaction.atomic
def contact_log(*, contact: Contact, by: User, next_step: str | None = None) -> Contact:
    """Save a contact; the first real contact of an episode sets its first-contact date.

    Raises AlreadyLogged if this user logged the very same contact moments ago: a form
    sent twice on a slow connection is saved once.
    """
    # The episode's row lock serialises two copies of one form arriving together.
    intro = Introduction.objects.select_for_update().get(pk=contact.introduction_id)
    typed = ("contact_on", "minutes", "mode", "note", *(area for area, _ in AREAS_OF_SUPPORT))
    if Contact.objects.filter(
        introduction=intro,
        recorded_by=by,
        created_at__gte=timezone.now() - RESUBMIT_WINDOW,
        **{name: getattr(contact, name) for name in typed},
    ).exists():
        raise AlreadyLogged("This contact was logged a moment ago.")
    contact.recorded_by = by
    contact.save()
    changed = []
    first = first_contact_after(
        intro.first_contact_on, mode=contact.mode, contact_on=contact.contact_on
    )
    if first != intro.first_contact_on:
        intro.first_contact_on = first
        changed.append("first_contact_on")
    if next_step is not None and next_step != intro.next_step:
        intro.next_step = next_step
        changed.append("next_step")
    if changed:
        intro.save(update_fields=[*changed, "updated_at"])
    contact.introduction = intro
    return contact


def _lock(record, *fields: str) -> tuple:
    """Lock the record's row until the transaction ends and read its saved `fields`.

    A form checked the record as it was when the request began; a request racing this
    one may have changed it since. Call inside `transaction.atomic`.
    """
    rows = type(record).objects.select_for_update().filter(pk=record.pk)
    return rows.values_list(*fields).get()


@transaction.atomic
def introduction_change_support_level(
    *, introduction: Introduction, support_level: str, changed_on: dt.date, by: User
) -> SupportLevelChange:
    """Raises ValidationError if, by the time it runs, someone else set that level."""
    current_level, version = _lock(introduction, "support_level", "version")
    if current_level == support_level:
        raise ValidationError("That is already the support level.")
    change = SupportLevelChange.objects.create(
        introduction=introduction,
        support_level=support_level,
        changed_on=changed_on,
        changed_by=by,
    )
    introduction.support_level = support_level
    introduction.version = version + 1
    introduction.save(update_fields=["support_level", "version", "updated_at"])
    return change


@transaction.atomic
def introduction_close(
    *, introduction: Introduction, closed_on: dt.date, reason: ClosingReason, by: User
) -> Introduction:
    """Close an episode. Suggestions that were never taken up end with it.

    Raises ValidationError if, by the time it runs, someone else closed it.
    """
    already_closed_on, version = _lock(introduction, "closed_on", "version")
    if already_closed_on is not None:
        raise ValidationError("Someone else closed this introduction just now.")
    introduction.closed_on = closed_on
    introduction.closing_reason = reason
    introduction.version = version + 1
    introduction.save(update_fields=["closed_on", "closing_reason", "version", "updated_at"])
    Connection.objects.filter(person=introduction.person, status=ConnectionStatus.SUGGESTED).update(
        status=ConnectionStatus.ENDED, ended_on=Greatest(F("suggested_on"), Value(closed_on))
    )
    return introduction


@transaction.atomic
def connection_connect(*, connection: Connection, connected_on: dt.date) -> Connection:
    """Raises ValidationError if, by the time it runs, it is no longer a suggestion."""
    (status,) = _lock(connection, "status")
    if status != ConnectionStatus.SUGGESTED:
        raise ValidationError("Only a suggestion can become a connection.")
    connection.status = ConnectionStatus.CONNECTED
    connection.connected_on = connected_on
    connection.save(update_fields=["status", "connected_on", "updated_at"])
    return connection


@transaction.atomic
def connection_end(*, connection: Connection, ended_on: dt.date) -> Connection:
    """Raises ValidationError if, by the time it runs, someone else ended it."""
    (status,) = _lock(connection, "status")
    if status == ConnectionStatus.ENDED:
        raise ValidationError("This connection has already ended.")
    connection.status = ConnectionStatus.ENDED
    connection.ended_on = ended_on
    connection.save(update_fields=["status", "ended_on", "updated_at"])
    return connection


@transaction.atomic
def contact_correct(*, form) -> Contact:
    """Save a corrected contact (refused if stale) and re-derive the first-contact date."""
    contact = form.save_versioned()
    first = (
        Contact.objects.filter(introduction=contact.introduction_id)
        .exclude(mode=ContactMode.ATTEMPTED)
        .aggregate(first=Min("contact_on"))["first"]
    )
    Introduction.objects.filter(pk=contact.introduction_id).update(first_contact_on=first)
    return contact
