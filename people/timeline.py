"""One timeline of everything that happened with a person, newest first.

Outcomes, stories and wellbeing checks belong to the `outcomes` app, which depends on
this one; they are read through their reverse relations so `people` never imports it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from people.models import Contact, Person


@dataclass
class Entry:
    on: dt.date
    kind: str
    item: Any


def person_timeline(person: Person) -> list[Entry]:
    """Six queries, whatever the number of entries."""
    entries = []
    for intro in person.introductions.select_related("referral_source", "closing_reason"):
        entries.append(Entry(intro.introduced_on, "introduction", intro))
        if intro.closed_on:
            entries.append(Entry(intro.closed_on, "closed", intro))
    for contact in Contact.objects.filter(introduction__person=person).select_related(
        "recorded_by", "introduction"
    ):
        entries.append(Entry(contact.contact_on, "contact", contact))
    for connection in person.connections.select_related("asset"):
        entries.append(Entry(connection.suggested_on, "connection", connection))
    for outcome in person.outcomes.select_related("outcome_type", "introduction"):
        entries.append(Entry(outcome.achieved_on, "outcome", outcome))
    for story in person.stories.all():
        entries.append(Entry(story.told_on, "story", story))
    for check in person.wellbeing_checks.select_related("introduction"):
        entries.append(Entry(check.checked_on, "wellbeing", check))
    # Newest first; on the same day, the episode's opening comes last and its closing first.
    order = {
        "closed": 0,
        "wellbeing": 1,
        "story": 2,
        "outcome": 3,
        "connection": 4,
        "contact": 5,
        "introduction": 6,
    }
    entries.sort(key=lambda e: (-e.on.toordinal(), order[e.kind], -e.item.pk))
    return entries
