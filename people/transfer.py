"""Moving people from one lead coordinator to another, with a record of each move."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from coordinators.models import User
from lac.versioning import record_save
from people.models import CaseloadTransfer, Person


def people_outside_cover(*, people: Iterable[Person], coordinator: User) -> list[Person]:
    """The people whose locality `coordinator` does not cover, so cannot lead."""
    if coordinator.covers_all_localities:
        return []
    covered = set(coordinator.localities.values_list("pk", flat=True))
    return [person for person in people if person.locality_id not in covered]


@transaction.atomic
def caseload_transfer(*, people: Iterable[Person], to: User, by: User) -> list[CaseloadTransfer]:
    """Make `to` the lead of each person and record the move; people already led by
    `to` are left alone. Refuses everyone if `to` does not cover someone's locality."""
    people = list(
        Person.objects.select_for_update().filter(pk__in=[person.pk for person in people])
    )
    outside = people_outside_cover(people=people, coordinator=to)
    if outside:
        names = ", ".join(str(person) for person in outside)
        raise ValidationError(f"{to} does not cover the locality of: {names}.")
    moving = [person for person in people if person.lead_coordinator_id != to.pk]
    transfers = CaseloadTransfer.objects.bulk_create(
        CaseloadTransfer(
            person=person,
            from_coordinator_id=person.lead_coordinator_id,
            to_coordinator=to,
            moved_by=by,
        )
        for person in moving
    )
    # One save per person, through the one write path: each move leaves an audit entry,
    # and a person edit form opened before it is stale, so cannot put the old lead back.
    for person in moving:
        person.lead_coordinator = to
        record_save(person, "lead_coordinator")
    return transfers
