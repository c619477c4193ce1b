"""Every change a write service makes to personal data leaves an audit entry.

A queryset `.update()` fires no django-auditlog signal, so a service that used one left no
trace. This walks every public function of every services module (and of `people.transfer`),
calls it, and compares the audit entries it wrote with the ones expected: which record, which
action, which fields. A service added without a case here fails the first test.

Each update of a versioned record also moves its version on by one, in the same entry: the
one write path bumps it, so an edit form opened before the change is refused.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import inspect
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from outcomes.models import Consent
from people import services, transfer
from people.forms import ContactForm, PersonForm
from people.models import (
    ConnectionStatus,
    Contact,
    ContactMode,
    Introduction,
    Person,
    SupportLevelChange,
)
from tests import factories
from tests.factories import TODAY, days_ago

pytestmark = pytest.mark.usefixtures("frozen_today")

CREATE, UPDATE = LogEntry.Action.CREATE, LogEntry.Action.UPDATE

# Writes that live in a module of their own rather than in an app's services.py.
WRITE_MODULES = ("people.transfer",)


def _write_modules() -> list[str]:
    names = set(WRITE_MODULES)
    for app in apps.get_app_configs():
        ours = str(settings.BASE_DIR) in app.path and "site-packages" not in app.path
        if ours and importlib.util.find_spec(f"{app.name}.services"):
            names.add(f"{app.name}.services")
    return sorted(names)


def _public_functions() -> set[str]:
    found = set()
    for name in _write_modules():
        module = importlib.import_module(name)
        for attr, value in inspect.getmembers(module, inspect.isfunction):
            if value.__module__ == name and not attr.startswith("_"):
                found.add(f"{name}.{attr}")
    return found


@dataclass
class World:
    """Riverside's people and the staff who work with them, plus Hilltop to move to."""

    coordinator: object
    colleague: object
    manager: object
    locality: object
    other_locality: object
    person: Person
    episode: Introduction


@pytest.fixture
def world(coordinator, colleague, manager, locality, other_locality, person):
    episode = factories.IntroductionFactory(
        person=person, introduced_on=days_ago(20), next_step="Ring on Monday"
    )
    return World(coordinator, colleague, manager, locality, other_locality, person, episode)


Expected = list[tuple[object, int, set[str]]]


@dataclass
class Case:
    act: Callable[[], object]
    # The entries the act should write, given what it returned: (record, action, fields).
    expected: Callable[[object], Expected]


CASES: dict[str, Callable[[World], Case]] = {}


def case(name: str):
    def register(arrange: Callable[[World], Case]):
        CASES[name] = arrange
        return arrange

    return register


def _data(form) -> dict:
    """An unbound form's initial values as a browser would send them."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, list | tuple):
            value = [str(getattr(item, "pk", item)) for item in value]
        data[bound.html_name] = value
    return data


def _valid(form):
    assert form.is_valid(), form.errors
    return form


PERSON_CREATED = {
    "id",
    "first_name",
    "last_name",
    "preferred_name",
    "phone",
    "email",
    "address",
    "locality",
    "lead_coordinator",
    "vision",
    "strengths",
    "consent_recorded_on",
    "created_by",
    "created_at",
    "updated_at",
    "version",
}
INTRODUCTION_CREATED = {
    "id",
    "closing_reason",
    "person",
    "locality",
    "referral_source",
    "introducer",
    "introduced_on",
    "what_is_happening",
    "support_level",
    "next_step",
    "created_by",
    "created_at",
    "updated_at",
    "version",
}
SUPPORT_LEVEL_CREATED = {"id", "introduction", "support_level", "changed_on", "changed_by"}
SUPPORT_LEVEL_CREATED |= {"created_at"}


# people.services


@case("people.services.person_update")
def _person_update(w: World) -> Case:
    mover = factories.CoordinatorFactory(localities=[w.locality, w.other_locality])
    factories.ConnectionFactory(person=w.person, introduction=w.episode)
    form = PersonForm(instance=w.person, user=mover)
    data = {
        **_data(form),
        "phone": "07700 900123",
        "locality": w.other_locality.pk,
        "lead_coordinator": mover.pk,
    }
    form = _valid(PersonForm(data, instance=w.person, user=mover))
    # The move is the person's own entry; the episode and its connection stay where they
    # were made, so nothing else changes.
    return Case(
        act=lambda: services.person_update(form=form, by=mover),
        expected=lambda _: [
            (w.person, UPDATE, {"phone", "locality", "lead_coordinator", "version"}),
        ],
    )


@case("people.services.person_moved")
def _person_moved(w: World) -> Case:
    factories.ConnectionFactory(person=w.person, introduction=w.episode)
    w.person.locality = w.other_locality
    w.person.save()
    # Only the dated move is added (the person's own change is audited where it is made);
    # no record already made is changed.
    return Case(
        act=lambda: services.person_moved(
            person=w.person, from_locality_id=w.locality.pk, by=w.manager
        ),
        expected=lambda _: [],
    )


@case("people.services.introduction_create")
def _introduction_create(w: World) -> Case:
    known = factories.PersonFactory(locality=w.locality, lead_coordinator=None)
    theme = factories.ThemeFactory()
    introduction = Introduction(
        person=known, referral_source=factories.ReferralSourceFactory(), introduced_on=TODAY
    )

    def expected(created: Introduction) -> Expected:
        change = SupportLevelChange.objects.get(introduction=created)
        return [
            (known, UPDATE, {"lead_coordinator", "version"}),
            (created, CREATE, INTRODUCTION_CREATED),
            (created, UPDATE, {"themes"}),
            (change, CREATE, SUPPORT_LEVEL_CREATED),
        ]

    return Case(
        act=lambda: services.introduction_create(
            introduction=introduction, themes=[theme], by=w.colleague
        ),
        expected=expected,
    )


@case("people.services.contact_log")
def _contact_log(w: World) -> Case:
    contact = Contact(
        introduction=w.episode,
        contact_on=days_ago(2),
        minutes=30,
        mode=ContactMode.PHONE,
        area_heard=True,
        note="Talked about the allotment.",
    )
    return Case(
        act=lambda: services.contact_log(
            contact=contact, by=w.coordinator, next_step="Meet at the library"
        ),
        expected=lambda logged: [
            (
                logged,
                CREATE,
                {
                    "id",
                    "introduction",
                    "locality",
                    "contact_on",
                    "minutes",
                    "mode",
                    "area_practical",
                    "area_services",
                    "area_relationships",
                    "area_gifts",
                    "area_information",
                    "area_vision",
                    "area_community",
                    "area_heard",
                    "note",
                    "recorded_by",
                    "created_at",
                    "version",
                },
            ),
            (w.episode, UPDATE, {"first_contact_on", "next_step", "version"}),
        ],
    )


@case("people.services.introduction_change_support_level")
def _change_support_level(w: World) -> Case:
    return Case(
        act=lambda: services.introduction_change_support_level(
            introduction=w.episode,
            support_level="walking_alongside",
            changed_on=TODAY,
            by=w.coordinator,
        ),
        expected=lambda change: [
            (change, CREATE, SUPPORT_LEVEL_CREATED),
            (w.episode, UPDATE, {"support_level", "version"}),
        ],
    )


@case("people.services.introduction_close")
def _introduction_close(w: World) -> Case:
    suggestion = factories.ConnectionFactory(person=w.person, introduction=w.episode)
    factories.ConnectionFactory(
        person=w.person,
        introduction=w.episode,
        status=ConnectionStatus.CONNECTED,
        connected_on=days_ago(4),
    )
    reason = factories.ClosingReasonFactory()
    return Case(
        act=lambda: services.introduction_close(
            introduction=w.episode, closed_on=TODAY, reason=reason, by=w.coordinator
        ),
        expected=lambda _: [
            (w.episode, UPDATE, {"closed_on", "closing_reason", "version"}),
            (suggestion, UPDATE, {"status", "ended_on"}),
        ],
    )


@case("people.services.connection_connect")
def _connection_connect(w: World) -> Case:
    suggestion = factories.ConnectionFactory(person=w.person, introduction=w.episode)
    return Case(
        act=lambda: services.connection_connect(connection=suggestion, connected_on=TODAY),
        expected=lambda _: [(suggestion, UPDATE, {"status", "connected_on"})],
    )


@case("people.services.connection_end")
def _connection_end(w: World) -> Case:
    suggestion = factories.ConnectionFactory(person=w.person, introduction=w.episode)
    return Case(
        act=lambda: services.connection_end(connection=suggestion, ended_on=TODAY),
        expected=lambda _: [(suggestion, UPDATE, {"status", "ended_on"})],
    )


@case("people.services.contact_correct")
def _contact_correct(w: World) -> Case:
    contact = factories.ContactFactory(introduction=w.episode, contact_on=days_ago(5))
    w.episode.first_contact_on = days_ago(5)
    w.episode.save()
    data = {**_data(ContactForm(instance=contact, introduction=w.episode))}
    data["contact_on"] = days_ago(3).isoformat()
    form = _valid(ContactForm(data, instance=contact, introduction=w.episode))
    return Case(
        act=lambda: services.contact_correct(form=form),
        expected=lambda _: [
            (contact, UPDATE, {"contact_on", "version"}),
            (w.episode, UPDATE, {"first_contact_on", "version"}),
        ],
    )


# people.transfer


@case("people.transfer.caseload_transfer")
def _caseload_transfer(w: World) -> Case:
    other = factories.PersonFactory(locality=w.locality, lead_coordinator=w.coordinator)
    already = factories.PersonFactory(locality=w.locality, lead_coordinator=w.colleague)
    return Case(
        act=lambda: transfer.caseload_transfer(
            people=[w.person, other, already], to=w.colleague, by=w.manager
        ),
        expected=lambda _: [
            (w.person, UPDATE, {"lead_coordinator", "version"}),
            (other, UPDATE, {"lead_coordinator", "version"}),
        ],
    )


@case("people.transfer.people_outside_cover")
def _people_outside_cover(w: World) -> Case:
    """A read: it writes nothing, so no entry."""
    return Case(
        act=lambda: transfer.people_outside_cover(people=[w.person], coordinator=w.colleague),
        expected=lambda _: [],
    )


# outcomes.services


@case("outcomes.services.story_feature")
def _story_feature(w: World) -> Case:
    from outcomes.services import story_feature

    story = factories.OutcomeStoryFactory(person=w.person, consent=Consent.ANONYMISED)
    return Case(
        act=lambda: story_feature(story=story, featured=True, by=w.manager),
        expected=lambda _: [(story, UPDATE, {"featured", "version"})],
    )


def _written_since(last: int) -> list[LogEntry]:
    return list(LogEntry.objects.filter(pk__gt=last).select_related("content_type").order_by("pk"))


def _key(model_name: str, pk, action, fields) -> tuple:
    return (model_name, int(pk), action, tuple(sorted(fields)))


def _fields(entry: LogEntry) -> set[str]:
    """The record's own fields an entry names (a creation also lists reverse relations)."""
    model = entry.content_type.model_class()
    own = {field.name for field in model._meta.get_fields() if not field.auto_created}
    return {name for name in entry.changes_dict if name in own or name == "id"}


def test_every_public_write_service_has_an_audit_case():
    assert sorted(_public_functions()) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_write_service_leaves_an_audit_entry_for_each_change(world, name):
    arranged = CASES[name](world)
    last = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    result = arranged.act()

    written = _written_since(last)
    assert sorted(
        _key(e.content_type.model, e.object_id, e.action, _fields(e)) for e in written
    ) == sorted(
        _key(record._meta.model_name, record.pk, action, fields)
        for record, action, fields in arranged.expected(result)
    )
    for entry in written:
        model = entry.content_type.model_class()
        versioned = "version" in {f.name for f in model._meta.fields}
        # A many-to-many change is logged apart, right after the save that bumped it.
        m2m = all(isinstance(change, dict) for change in entry.changes_dict.values())
        if entry.action == UPDATE and versioned and not m2m:
            before, after = entry.changes_dict["version"]
            assert int(after) == int(before) + 1, entry.changes_dict


# The pages that used to write with a queryset update.


def test_featuring_a_story_on_its_page_leaves_an_audit_entry_by_the_manager(
    client_for, manager, person
):
    story = factories.OutcomeStoryFactory(person=person, consent=Consent.NAMED)

    client_for(manager).post(reverse("outcomes:story_feature", args=[story.pk]), {"featured": "1"})

    entry = LogEntry.objects.get_for_object(story).get(action=UPDATE)
    assert (entry.actor, entry.changes_dict) == (
        manager,
        {"featured": ["False", "True"], "version": ["1", "2"]},
    )


def test_a_caseload_move_on_its_page_leaves_an_audit_entry_per_person_moved(
    client_for, manager, coordinator, colleague, locality
):
    moved = [
        factories.open_introduction(lead=coordinator, locality=locality, first_name=name)
        for name in ("Ann", "Bob")
    ]

    client_for(manager).post(
        reverse("people:caseload_transfer", args=[coordinator.pk]),
        {"introductions": [intro.pk for intro in moved], "to": colleague.pk},
    )

    entries = LogEntry.objects.filter(content_type__model="person", action=UPDATE).select_related(
        "actor"
    )
    assert sorted((e.object_id, e.actor, e.changes_dict) for e in entries) == sorted(
        (
            intro.person_id,
            manager,
            {
                "lead_coordinator": [str(coordinator.pk), str(colleague.pk)],
                "version": ["1", "2"],
            },
        )
        for intro in moved
    )
