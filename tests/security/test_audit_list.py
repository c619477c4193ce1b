"""The audit trail page: administrators read it newest first, per person or per user."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from lac.pagination import keyset_page
from tests import factories

URL = reverse("people:audit_list")


def _log(obj, *, actor=None, action=LogEntry.Action.ACCESS) -> LogEntry:
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk),
        object_id=obj.pk,
        object_repr=str(obj),
        action=action,
        actor=actor,
    )


def rows(response) -> list[LogEntry]:
    return list(response.context["page"])


@pytest.fixture
def admin_client(client_for, administrator):
    """An administrator signed in, with an empty trail.

    Factories and the sign-in itself write entries of their own; each test starts from
    none. Ask for it after the records a test needs, so theirs are cleared too.
    """
    client = client_for(administrator)
    LogEntry.objects.all().delete()
    return client


def test_audit_list_shows_every_entry_newest_first(
    coordinator, person, outsider_person, admin_client
):
    first = _log(person, actor=coordinator, action=LogEntry.Action.CREATE)
    second = _log(outsider_person)
    third = _log(person, actor=coordinator)

    response = admin_client.get(URL)

    assert response.status_code == 200
    assert rows(response) == [third, second, first]
    assert "Hidden Hilltopper" in response.content.decode()


def test_audit_list_pages_by_key_through_every_entry_once(person, admin_client, monkeypatch):
    monkeypatch.setitem(keyset_page.__kwdefaults__, "per_page", 2)
    entries = [_log(person) for _ in range(5)]
    client = admin_client

    pages, response = [], client.get(URL)
    pages.append(rows(response))
    while cursor := response.context["page"].next_cursor:
        response = client.get(URL, {"after": cursor})
        pages.append(rows(response))

    newest_first = entries[::-1]
    assert pages == [newest_first[:2], newest_first[2:4], newest_first[4:]]


def test_audit_list_for_a_person_shows_them_and_their_records_only(
    client_for, administrator, person, outsider_person
):
    contact = factories.ContactFactory(introduction__person=person)
    factories.ContactFactory(introduction__person=outsider_person)

    response = client_for(administrator).get(URL, {"person": person.pk})

    shown = {(e.content_type.model, e.object_id) for e in rows(response)}
    assert shown == {
        ("person", person.pk),
        ("introduction", contact.introduction_id),
        ("contact", contact.pk),
    }
    assert response.context["person"] == person


def test_audit_list_for_a_user_shows_what_they_did(coordinator, colleague, person, admin_client):
    mine = _log(person, actor=coordinator)
    _log(person, actor=colleague)

    response = admin_client.get(URL, {"actor": coordinator.pk})

    assert rows(response) == [mine]


def test_audit_list_person_filter_refuses_people_the_user_cannot_see(
    client, locality, person, outsider_person
):
    """A superuser who covers only Riverside may not read Hilltop's trail by id."""
    superuser = factories.UserFactory(is_superuser=True, is_staff=True, localities=[locality])
    client.force_login(superuser)

    assert client.get(URL, {"person": person.pk}).status_code == 200
    assert client.get(URL, {"person": outsider_person.pk}).status_code == 404


@pytest.mark.parametrize("param", ["person", "actor"])
@pytest.mark.parametrize("value", ["abc", "999999", "99999999999999999999"])
def test_audit_list_unknown_person_or_user_is_404(client_for, administrator, param, value):
    assert client_for(administrator).get(URL, {param: value}).status_code == 404


@pytest.mark.parametrize("persona", ["coordinator", "manager"])
@pytest.mark.parametrize("staff", [False, True])
def test_audit_list_is_closed_to_coordinators_and_managers(
    client_for, request, person, persona, staff
):
    user = request.getfixturevalue(persona)
    user.is_staff = staff
    user.save()
    _log(person, actor=user)

    assert client_for(user).get(URL).status_code == 403


def test_audit_list_is_closed_to_an_administrator_who_is_not_staff(client_for, administrator):
    administrator.is_staff = False
    administrator.save()

    assert client_for(administrator).get(URL).status_code == 403


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize("by_actor", [False, True], ids=["all", "actor"])
def test_audit_list_query_count_does_not_grow_with_entries(
    client_for, administrator, person, django_assert_num_queries, n, by_actor
):
    """Guards the N+1 on each entry's actor and content type."""
    actors = [administrator] * n if by_actor else factories.CoordinatorFactory.create_batch(n)
    client = client_for(administrator)
    LogEntry.objects.all().delete()  # the factories' and the sign-in's own entries
    for actor in actors:
        _log(person, actor=actor)

    # The permission check and the menu's `perms` share one load of the permissions.
    with django_assert_num_queries(9 if by_actor else 8):
        response = client.get(URL, {"actor": administrator.pk} if by_actor else {})

    assert len(rows(response)) == n


def test_audit_list_for_a_person_query_count_does_not_grow_with_records(
    client_for, administrator, person, django_assert_num_queries
):
    """Guards the N+1 on the person's related records and their entries."""
    intro = factories.IntroductionFactory(person=person)
    for _ in range(3):
        factories.ContactFactory(introduction=intro)
    client = client_for(administrator)
    client.get(URL, {"person": person.pk})  # content types cached, as in a warm worker

    with django_assert_num_queries(9):
        response = client.get(URL, {"person": person.pk})

    assert len(rows(response)) == 1 + 1 + 3  # the person, the introduction, 3 contacts
