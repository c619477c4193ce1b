"""The person lookups every person-bound view starts with, shared by people and outcomes."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from people.models import Introduction, Person


def visible_person_or_404(user, pk) -> Person:
    """The person, if in a locality the user covers; anyone else is a 404."""
    return get_object_or_404(
        Person.objects.visible_to(user).select_related("locality", "lead_coordinator"), pk=pk
    )


def open_introduction(person: Person) -> Introduction | None:
    return person.introductions.open().select_related("referral_source").first()
