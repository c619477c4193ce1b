"""One timeline of everything that happened with a person, newest first.

`people` knows only its own records. Apps above it (outcomes, and later casework) add
their records to the person page by registering a `TimelineSource` and the buttons that
record them (`PersonAction`) from their `AppConfig.ready()`, so this module never names
them — not by import, not by URL name or related name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from people.models import Contact, Person


@dataclass
class Entry:
    on: dt.date
    kind: str
    item: Any


@dataclass(frozen=True)
class TimelineKind:
    """One kind of entry: how it is drawn, where it sorts on its day, who may correct it.

    `render(item, may_correct)` returns escaped HTML; `rank` orders entries of the same
    day (lower first); `correct_permission` is asked once per page, not per entry.
    """

    name: str
    rank: int
    render: Callable[[Any, bool], SafeString]
    correct_permission: str | None = None


@dataclass(frozen=True)
class TimelineSource:
    """Records of one or more kinds, read for a person in a fixed number of queries."""

    kinds: tuple[TimelineKind, ...]
    entries: Callable[[Person], Iterable[Entry]]


@dataclass(frozen=True)
class PersonAction:
    """A "Record …" button on the person page: a URL taking the person's pk."""

    label: str
    url_name: str
    permission: str
    rank: int


SOURCES: list[TimelineSource] = []
ACTIONS: list[PersonAction] = []


def register(*, sources: Iterable[TimelineSource] = (), actions: Iterable[PersonAction] = ()):
    """Add an app's timeline sources and person-page actions (from `AppConfig.ready`)."""
    for source in sources:
        if source not in SOURCES:
            SOURCES.append(source)
    for action in actions:
        if action not in ACTIONS:
            ACTIONS.append(action)
    ACTIONS.sort(key=lambda action: action.rank)


def kinds() -> dict[str, TimelineKind]:
    return {kind.name: kind for source in SOURCES for kind in source.kinds}


def person_timeline(person: Person) -> list[Entry]:
    """One query per source (people's own: three), whatever the number of entries."""
    entries = [entry for source in SOURCES for entry in source.entries(person)]
    rank = {name: kind.rank for name, kind in kinds().items()}
    # Newest first; on the same day, the episode's opening comes last and its closing first.
    entries.sort(key=lambda e: (-e.on.toordinal(), rank[e.kind], -e.item.pk))
    return entries


def may_correct(user) -> dict[str, bool]:
    """Which kinds of entry this user may correct, asked once per page."""
    return {
        name: bool(kind.correct_permission and user.has_perm(kind.correct_permission))
        for name, kind in kinds().items()
    }


def introduction_entries(person: Person) -> Iterable[Entry]:
    for intro in person.introductions.select_related("referral_source", "closing_reason"):
        yield Entry(intro.introduced_on, "introduction", intro)
        if intro.closed_on:
            yield Entry(intro.closed_on, "closed", intro)


def contact_entries(person: Person) -> Iterable[Entry]:
    contacts = Contact.objects.filter(introduction__person=person).select_related(
        "recorded_by", "introduction"
    )
    for contact in contacts:
        yield Entry(contact.contact_on, "contact", contact)


def connection_entries(person: Person) -> Iterable[Entry]:
    for connection in person.connections.select_related("asset"):
        yield Entry(connection.suggested_on, "connection", connection)
