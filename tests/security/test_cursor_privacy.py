"""Page cursors end up in URLs, browser history and server logs: they carry no names."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from urllib.parse import unquote

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from lac.pagination import keyset_page
from tests import factories

CURSOR = re.compile(r"[?&;](after|before)=([^\"&'#\s]+)")
NAMES = ["Alma", "Ashdown", "Bryn", "Beddoe", "Cerys", "Cadwallader"]


def _cursors(html: str) -> list[tuple[str, str]]:
    return [(direction, unquote(value)) for direction, value in CURSOR.findall(html)]


def _decoded(cursor: str) -> str:
    """The cursor as text, if it is base64 of text; else as it stands."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except (binascii.Error, ValueError):
        return cursor
    return raw.decode("utf-8", errors="ignore")


@pytest.fixture
def named_people(locality, coordinator, manager):
    people = [
        factories.PersonFactory(first_name=first, last_name=last, locality=locality)
        for first, last in [("Alma", "Ashdown"), ("Bryn", "Beddoe"), ("Cerys", "Cadwallader")]
    ]
    content_type = ContentType.objects.get_for_model(people[0])
    for number, person in enumerate(people, start=1):
        intro = factories.IntroductionFactory(person=person)
        factories.ContactFactory(introduction=intro, contact_on=dt.date(2026, 5, number))
        factories.OutcomeStoryFactory(person=person, told_on=dt.date(2026, 5, number))
        LogEntry.objects.create(
            content_type=content_type,
            object_pk=str(person.pk),
            object_id=person.pk,
            object_repr=str(person),
            action=LogEntry.Action.ACCESS,
            actor=coordinator,
        )
    # The story list shows 25 a page whatever the default: enough for a second page.
    factories.OutcomeStoryFactory.create_batch(25, person=people[0], told_on=dt.date(2026, 4, 1))
    return people


@pytest.mark.parametrize(
    ("url", "who"),
    [
        ("people:person_list", "coordinator"),
        ("people:contact_list", "coordinator"),
        ("outcomes:story_list", "manager"),
        ("people:audit_list", "administrator"),
    ],
)
def test_no_page_link_carries_a_name(client_for, named_people, monkeypatch, request, url, who):
    monkeypatch.setitem(keyset_page.__kwdefaults__, "per_page", 1)
    client = client_for(request.getfixturevalue(who))

    first = client.get(reverse(url))
    second = client.get(reverse(url), {"after": first.context["page"].next_cursor})
    cursors = _cursors(first.text) + _cursors(second.text)

    # Next on the first page, Previous on the second: both kinds of link were checked.
    assert {direction for direction, _ in cursors} == {"after", "before"}
    leaks = [
        (cursor, name)
        for _, cursor in cursors
        for name in NAMES
        if name in cursor or name in _decoded(cursor)
    ]
    assert leaks == []


def test_a_cursor_for_someone_in_another_locality_gives_the_first_page(
    client_for, coordinator, person, outsider_person, monkeypatch
):
    """A forged cursor naming a hidden row tells nothing about where it would sort."""
    monkeypatch.setitem(keyset_page.__kwdefaults__, "per_page", 1)
    factories.PersonFactory(first_name="Zoe", last_name="Zephyr", locality=person.locality)
    client = client_for(coordinator)
    first = client.get(reverse("people:person_list"))
    cursor = first.context["page"].next_cursor
    forged = cursor.replace(str(person.pk), str(outsider_person.pk))
    assert forged != cursor

    response = client.get(reverse("people:person_list"), {"after": forged})

    assert [p.full_name for p in response.context["page"]] == ["Rita Riverside"]
    assert response.context["page"].previous_cursor is None
