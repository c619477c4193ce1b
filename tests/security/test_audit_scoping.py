"""The audit trail is scoped like the app: an administrator who covers some localities
reads the entries about their people and the users they manage, and nothing else.

Each test first writes the entries that could leak: Hilltop's person read, their outcome
changed, a Hilltop coordinator signed in, and a superuser signed in.
"""

from __future__ import annotations

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from coordinators.models import User
from tests import factories

URL = reverse("people:audit_list")
CHANGELIST = reverse("admin:auditlog_logentry_changelist")

# What only the entries about Hilltop say: none of it may reach a limited page.
HIDDEN = ["Hidden Hilltopper", "olive", "Olive", "sylvester"]


def _change_url(entry: LogEntry) -> str:
    return reverse("admin:auditlog_logentry_change", args=[entry.pk])


@pytest.fixture
def limited(locality):
    """An administrator covering Riverside only."""
    return factories.AdministratorFactory(
        username="lena", first_name="Lena", covers_all_localities=False, localities=[locality]
    )


def _written(action) -> list[LogEntry]:
    """The entries `action` writes, oldest first."""
    before = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    action()
    written = LogEntry.objects.filter(pk__gt=before).select_related("content_type", "actor")
    return list(written.order_by("pk"))


def _read_and_change(reader: User, whom, outcome) -> None:
    """The reader signs in, reads the person's page and changes their outcome."""
    client = Client()
    client.force_login(reader)
    client.get(whom.get_absolute_url())
    with set_actor(reader):
        outcome.note = "Moved in"
        outcome.save()


@pytest.fixture
def trail(limited, coordinator, outsider, person, outsider_person):
    """Entries about each locality, and the limited administrator signed in.

    Returns that administrator's client, Riverside's entries and the entries that must
    not leak, each newest first.
    """
    ours = factories.OutcomeFactory(person=person)
    theirs = factories.OutcomeFactory(person=outsider_person)
    client = Client()
    client.force_login(limited)
    LogEntry.objects.all().delete()  # the factories' and the sign-in's own entries

    hidden = _written(lambda: _read_and_change(outsider, outsider_person, theirs))
    shown = _written(lambda: _read_and_change(coordinator, person, ours))
    hidden += _written(
        lambda: Client().force_login(
            User.objects.create_superuser(username="sylvester", password="x")
        )
    )
    # Configuration is everyone's: a locality nobody covers yet.
    shown += _written(lambda: factories.LocalityFactory(name="Meadowbank"))
    return client, shown[::-1], hidden[::-1]


def _rows(response) -> list[LogEntry]:
    return list(response.context["page"])


def _leaks(response, *, searched: str = "") -> list[str]:
    """The hidden names a page shows, but the term its search box repeats."""
    text = response.content.decode()
    return [marker for marker in HIDDEN if marker in text and marker != searched]


def test_trail_fixture_writes_the_entries_the_tests_rely_on(trail):
    _, shown, hidden = trail

    assert [(e.content_type.model, e.action, e.object_repr) for e in hidden] == [
        ("user", LogEntry.Action.ACCESS, "sylvester"),  # signed in
        ("user", LogEntry.Action.CREATE, "sylvester"),
        ("outcome", LogEntry.Action.UPDATE, hidden[2].object_repr),
        ("person", LogEntry.Action.ACCESS, "Hidden Hilltopper"),
        ("user", LogEntry.Action.ACCESS, "Olive Worker"),  # signed in
    ]
    assert [(e.content_type.model, e.action, e.object_repr) for e in shown] == [
        ("locality", LogEntry.Action.CREATE, "Meadowbank"),
        ("outcome", LogEntry.Action.UPDATE, shown[1].object_repr),
        ("person", LogEntry.Action.ACCESS, "Rita Riverside"),
        ("user", LogEntry.Action.ACCESS, "Cora Worker"),
    ]
    assert LogEntry.objects.count() == len(shown) + len(hidden)


def test_audit_list_shows_a_limited_administrator_their_localities_entries_only(trail):
    client, shown, _ = trail

    response = client.get(URL)

    assert _rows(response) == shown
    assert _leaks(response) == []


def test_audit_list_for_a_person_elsewhere_is_a_404(trail, person, outsider_person):
    client, shown, _ = trail

    theirs = client.get(URL, {"person": outsider_person.pk})
    ours = client.get(URL, {"person": person.pk})

    assert theirs.status_code == 404
    assert _rows(ours) == [e for e in shown if e.content_type.model in ("person", "outcome")]


def test_audit_list_for_a_user_elsewhere_is_a_404(trail, coordinator, outsider):
    client, shown, _ = trail
    sylvester = User.objects.get(username="sylvester")

    theirs = client.get(URL, {"actor": outsider.pk})
    superuser = client.get(URL, {"actor": sylvester.pk})
    ours = client.get(URL, {"actor": coordinator.pk})

    assert (theirs.status_code, superuser.status_code) == (404, 404)
    assert _rows(ours) == [e for e in shown if e.actor == coordinator]
    assert len(_rows(ours)) == 3


def test_audit_list_by_an_all_localities_user_shows_only_what_the_limited_one_may_see(
    trail, limited, person, outsider_person
):
    """An administrator who covers everything read both people: the limited one sees one."""
    client, _, _ = trail
    boss = factories.AdministratorFactory(username="bea")
    boss_client = Client()
    boss_client.force_login(boss)
    boss_client.get(outsider_person.get_absolute_url())
    boss_client.get(person.get_absolute_url())
    read_ours = LogEntry.objects.latest("pk")

    response = client.get(URL, {"actor": boss.pk})

    assert _rows(response) == [read_ours]
    assert _leaks(response) == []


def test_admin_trail_lists_a_limited_administrator_their_localities_entries_only(trail):
    client, shown, _ = trail

    response = client.get(CHANGELIST)

    assert list(response.context["cl"].result_list) == shown
    assert _leaks(response) == []


@pytest.mark.parametrize("term", ["Hilltopper", "olive", "sylvester", "note"])
def test_admin_trail_search_finds_nothing_elsewhere(trail, term):
    client, shown, _ = trail

    response = client.get(CHANGELIST, {"q": term})

    expected = [e for e in shown if e.content_type.model == "outcome"] if term == "note" else []
    assert list(response.context["cl"].result_list) == expected
    assert _leaks(response, searched=term) == []


def test_admin_trail_person_and_user_filters_show_nothing_elsewhere(
    trail, outsider_person, outsider
):
    client, _, _ = trail

    by_person = client.get(CHANGELIST, {"person": outsider_person.pk})
    by_user = client.get(CHANGELIST, {"actor": outsider.pk})

    assert list(by_person.context["cl"].result_list) == []
    assert list(by_user.context["cl"].result_list) == []
    assert _leaks(by_person) == _leaks(by_user) == []


def test_admin_trail_entry_elsewhere_is_a_404(trail):
    client, shown, hidden = trail

    responses = [client.get(_change_url(entry)) for entry in hidden]
    ours = client.get(_change_url(shown[1]))

    assert [r.status_code for r in responses] == [404] * len(hidden)
    assert ours.status_code == 200
    assert ours.context["original"] == shown[1]


def test_an_all_localities_administrator_still_sees_every_entry(administrator, trail):
    _, shown, hidden = trail
    client = Client()
    signed_in = _written(lambda: client.force_login(administrator))

    listed = client.get(URL)
    admin_listed = client.get(CHANGELIST)

    everything = sorted([*shown, *hidden, *signed_in], key=lambda e: e.pk, reverse=True)
    assert _rows(listed) == everything
    assert list(admin_listed.context["cl"].result_list) == everything


@pytest.mark.parametrize("n", [1, 3])
def test_audit_list_for_a_limited_administrator_query_count_does_not_grow(
    limited, person, outsider_person, django_assert_num_queries, n
):
    """Guards the N+1 on each entry's actor and content type under the scoping."""
    client = Client()
    client.force_login(limited)
    client.get(URL)  # content types cached, as in a warm worker
    LogEntry.objects.all().delete()
    for whom in (person, outsider_person):
        for reader in factories.CoordinatorFactory.create_batch(n, localities=[whom.locality]):
            with set_actor(reader):
                LogEntry.objects.log_create(
                    whom, action=LogEntry.Action.ACCESS, force_log=True, changes={}
                )
    LogEntry.objects.filter(content_type__model="user").delete()  # the readers' creation

    with django_assert_num_queries(8):
        response = client.get(URL)

    assert [e.object_id for e in _rows(response)] == [person.pk] * n
