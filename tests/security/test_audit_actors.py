"""Who did what stays in the audit trail: a user who appears in it is deactivated, never
deleted, and each entry keeps the name and id of who made it."""

import importlib
from types import SimpleNamespace

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.admin.models import CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from coordinators.models import User
from tests import factories


def _read(person, user) -> LogEntry:
    """A user reads a person's page, as the app records it."""
    return LogEntry.objects.log_create(
        person, action=LogEntry.Action.ACCESS, force_log=True, changes={}, actor=user
    )


def test_deleting_a_user_who_is_in_the_audit_trail_is_refused(coordinator, person):
    entry = _read(person, coordinator)

    with pytest.raises(ProtectedError, match="Deactivate"), transaction.atomic():
        coordinator.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        User.objects.filter(pk=coordinator.pk).delete()

    entry.refresh_from_db()
    assert (entry.actor, User.objects.filter(pk=coordinator.pk).exists()) == (coordinator, True)


def test_deleting_a_user_in_the_admins_own_log_is_refused(administrator, person):
    AdminLogEntry.objects.log_actions(administrator.pk, [person], CHANGE, "")

    with pytest.raises(ProtectedError), transaction.atomic():
        administrator.delete()

    assert AdminLogEntry.objects.filter(user=administrator).count() == 1


def test_a_user_who_never_did_anything_can_be_deleted(db, person):
    newcomer = factories.CoordinatorFactory(username="newcomer")

    newcomer.delete()

    assert not User.objects.filter(username="newcomer").exists()


def test_the_admin_refuses_to_delete_a_user_in_the_trail_and_says_why(
    client_for, administrator, coordinator, person
):
    _read(person, coordinator)
    client = client_for(administrator)
    url = reverse("admin:coordinators_user_delete", args=[coordinator.pk])

    page = client.get(url)
    posted = client.post(url, {"post": "yes"})

    assert page.status_code == 200
    assert "Deactivate this user instead" in page.text
    assert posted.status_code == 200
    assert User.objects.filter(pk=coordinator.pk).exists()


def test_the_admin_bulk_delete_refuses_users_in_the_trail(
    client_for, administrator, coordinator, person
):
    _read(person, coordinator)
    newcomer = factories.CoordinatorFactory(username="newcomer")
    client = client_for(administrator)

    response = client.post(
        reverse("admin:coordinators_user_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [coordinator.pk, newcomer.pk],
            "post": "yes",
        },
    )

    assert "Deactivate this user instead" in response.text
    assert set(User.objects.filter(pk__in=[coordinator.pk, newcomer.pk])) == {
        coordinator,
        newcomer,
    }


def test_each_entry_records_its_actors_name_and_id_when_written(client_for, coordinator, person):
    coordinator.email = "cora@example.org"
    coordinator.save()

    client_for(coordinator).get(person.get_absolute_url())

    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS, content_type__model="person")
    assert entry.additional_data["actor"] == {
        "id": coordinator.pk,
        "username": "cora",
        "name": "Cora Worker",
    }
    assert entry.actor_email == "cora@example.org"


def test_an_entry_given_its_actor_records_them_too(coordinator, person):
    entry = _read(person, coordinator)

    entry.refresh_from_db()
    assert entry.additional_data == {
        "actor": {"id": coordinator.pk, "username": "cora", "name": "Cora Worker"}
    }


def _lose_the_actor_link(entry):
    """What a deleted user would leave behind: auditlog's actor link is SET_NULL."""
    LogEntry.objects.filter(pk=entry.pk).update(actor=None)


def test_the_audit_list_shows_who_even_if_the_user_link_is_lost(
    client_for, administrator, coordinator, person
):
    entry = _read(person, coordinator)
    _lose_the_actor_link(entry)

    response = client_for(administrator).get(reverse("people:audit_list"), {"person": person.pk})

    rows = {e.pk: e.who for e in response.context["page"]}
    assert rows[entry.pk] == f"Cora Worker (user #{coordinator.pk}, no longer linked)"
    assert f"Cora Worker (user #{coordinator.pk}, no longer linked)" in response.text


def test_subject_access_shows_who_even_if_the_user_link_is_lost(
    client_for, manager, coordinator, person
):
    entry = _read(person, coordinator)
    _lose_the_actor_link(entry)

    data = (
        client_for(manager)
        .get(reverse("people:person_subject_access", args=[person.pk]), {"format": "json"})
        .json()
    )

    (read,) = [e for e in data["audit"] if e["action"] == "access" and not e["detail"]]
    assert read["who"] == f"Cora Worker (user #{coordinator.pk}, no longer linked)"


def test_the_admin_trail_shows_who_even_if_the_user_link_is_lost(
    client_for, administrator, coordinator, person
):
    _lose_the_actor_link(_read(person, coordinator))

    response = client_for(administrator).get(
        reverse("admin:auditlog_logentry_changelist"), {"person": person.pk}
    )

    assert f"Cora Worker (user #{coordinator.pk}, no longer linked)" in response.text


def test_the_backfill_records_the_actor_and_person_of_existing_entries(coordinator, person):
    contact = factories.ContactFactory(introduction__person=person)
    read = _read(person, coordinator)
    contact_id = contact.pk
    contact.delete()
    story = factories.OutcomeStoryFactory(person=person, title="Rita's new start")
    AdminLogEntry.objects.log_actions(coordinator.pk, [story], CHANGE, "")
    # Entries written before this release carried neither, and showed a story's title.
    LogEntry.objects.update(additional_data=None, actor_email=None)
    LogEntry.objects.filter(content_type__model="outcomestory").update(object_repr=story.title)
    AdminLogEntry.objects.update(object_repr=story.title)
    migration = importlib.import_module(
        "people.migrations.0009_audit_entries_keep_actor_and_person"
    )

    migration.backfill(apps, SimpleNamespace(connection=connection))

    read.refresh_from_db()
    assert read.additional_data == {
        "actor": {"id": coordinator.pk, "username": "cora", "name": "Cora Worker"}
    }
    about_contact = LogEntry.objects.filter(content_type__model="contact", object_id=contact_id)
    assert [e.additional_data for e in about_contact.order_by("pk")] == [
        {"person": person.pk},
        {"person": person.pk},
    ]
    label = f"Outcome story #{story.pk}"
    about_story = LogEntry.objects.filter(content_type__model="outcomestory")
    assert list(about_story.values_list("object_repr", "additional_data")) == [
        (label, {"person": person.pk})
    ]
    assert list(AdminLogEntry.objects.values_list("object_repr", flat=True)) == [label]
