"""Writes that span models or have side effects. Each runs in one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from coordinators.models import User
from lac.versioning import locked, record_save
from people.models import (
    ClosingReason,
    Connection,
    ConnectionStatus,
    Contact,
    ContactMode,
    Introduction,
    Person,
    PersonMove,
    SupportLevelChange,
)
from people.rules import first_contact_after


@transaction.atomic
def person_update(*, form, by: User) -> Person:
    """Save a person's edit (refused if stale); a new locality is recorded as a move."""
    moved_from = form.initial.get("locality") if "locality" in form.changed_data else None
    person = form.save_versioned()
    if moved_from is not None:
        person_moved(person=person, from_locality_id=moved_from, by=by)
    return person


@transaction.atomic
def person_moved(*, person: Person, from_locality_id: int, by: User | None) -> PersonMove:
    """Record that `person`, saved with their new locality, lives there from today.

    Nothing already recorded changes locality: contacts, connections, outcomes and checks
    keep where they were made, so no past period's figures move. What is recorded from now
    on counts in the new locality (`where_recorded`), and so does the open episode, for
    figures of a day from today on (`Introduction.objects.counting_on`).
    """
    return PersonMove.objects.create(
        person=person,
        introduction=person.introductions.open().first(),
        from_locality_id=from_locality_id,
        to_locality_id=person.locality_id,
        moved_on=timezone.localdate(),
        moved_by=by,
    )


@transaction.atomic
def introduction_create(*, introduction: Introduction, themes, by: User) -> Introduction:
    """Open a new episode for a person (new or known) and make the user their lead if none.

    Raises ValidationError if it would overlap another episode of theirs.
    """
    person = introduction.person
    if person.pk is None:
        person.created_by = by
        person.lead_coordinator = person.lead_coordinator or by
        person.save()
    # Read under the row's lock: someone may have made another lead since the page was shown.
    elif locked(person, "lead_coordinator") == (None,):
        person.lead_coordinator = by
        record_save(person, "lead_coordinator")
    introduction.person = person
    # Checked again under the person's lock: a re-introduction taken meanwhile may overlap.
    introduction.check_no_overlap()
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


@transaction.atomic
def contact_log(*, contact: Contact, by: User, next_step: str | None = None) -> Contact:
    """Save a contact; the first real contact of an episode sets its first-contact date.

    A form sent twice is saved once by its one-time token (lac.idempotency), not here:
    two identical contacts logged on purpose are two contacts.
    """
    # The episode's row lock serialises two contacts logged at once, so each sees the
    # other's first-contact date and next step.
    intro = Introduction.objects.select_for_update().get(pk=contact.introduction_id)
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
        record_save(intro, *changed)
    contact.introduction = intro
    return contact


@transaction.atomic
def introduction_change_support_level(
    *, introduction: Introduction, support_level: str, changed_on: dt.date, by: User
) -> SupportLevelChange:
    """Raises ValidationError if, by the time it runs, someone else set that level."""
    (current_level,) = locked(introduction, "support_level")
    if current_level == support_level:
        raise ValidationError("That is already the support level.")
    change = SupportLevelChange.objects.create(
        introduction=introduction,
        support_level=support_level,
        changed_on=changed_on,
        changed_by=by,
    )
    introduction.support_level = support_level
    record_save(introduction, "support_level")
    return change


@transaction.atomic
def introduction_close(
    *, introduction: Introduction, closed_on: dt.date, reason: ClosingReason, by: User
) -> Introduction:
    """Close an episode. Suggestions that were never taken up end with it.

    Raises ValidationError if, by the time it runs, someone else closed it.
    """
    (already_closed_on,) = locked(introduction, "closed_on")
    if already_closed_on is not None:
        raise ValidationError("Someone else closed this introduction just now.")
    introduction.closed_on = closed_on
    introduction.closing_reason = reason
    record_save(introduction, "closed_on", "closing_reason")
    suggestions = Connection.objects.select_for_update().filter(
        person=introduction.person_id, status=ConnectionStatus.SUGGESTED
    )
    for suggestion in suggestions:
        suggestion.status = ConnectionStatus.ENDED
        suggestion.ended_on = max(suggestion.suggested_on, closed_on)
        record_save(suggestion, "status", "ended_on")
    return introduction


@transaction.atomic
def connection_connect(*, connection: Connection, connected_on: dt.date) -> Connection:
    """Raises ValidationError if, by the time it runs, it is no longer a suggestion."""
    (status,) = locked(connection, "status")
    if status != ConnectionStatus.SUGGESTED:
        raise ValidationError("Only a suggestion can become a connection.")
    connection.status = ConnectionStatus.CONNECTED
    connection.connected_on = connected_on
    record_save(connection, "status", "connected_on")
    return connection


@transaction.atomic
def connection_end(*, connection: Connection, ended_on: dt.date) -> Connection:
    """Raises ValidationError if, by the time it runs, someone else ended it."""
    (status,) = locked(connection, "status")
    if status == ConnectionStatus.ENDED:
        raise ValidationError("This connection has already ended.")
    connection.status = ConnectionStatus.ENDED
    connection.ended_on = ended_on
    record_save(connection, "status", "ended_on")
    return connection


@transaction.atomic
def contact_correct(*, form) -> Contact:
    """Save a corrected contact (refused if stale) and re-derive the first-contact date."""
    contact = form.save_versioned()
    introduction = Introduction.objects.select_for_update().get(pk=contact.introduction_id)
    first = (
        Contact.objects.filter(introduction=introduction)
        .exclude(mode=ContactMode.ATTEMPTED)
        .aggregate(first=Min("contact_on"))["first"]
    )
    if introduction.first_contact_on != first:
        introduction.first_contact_on = first
        record_save(introduction, "first_contact_on")
    return contact
