"""The audit trail: who created, changed or viewed which person, readable only by admins."""

import datetime as dt
from io import StringIO

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lac.security import MASK
from tests import factories


def _person_reads():
    return LogEntry.objects.filter(action=LogEntry.Action.ACCESS, content_type__model="person")


def _entries(obj):
    return LogEntry.objects.get_for_object(obj).select_related("actor").order_by("pk")


def test_person_changes_are_logged_with_personal_fields_masked(coordinator, locality):
    with set_actor(coordinator, remote_addr="10.1.1.1"):
        person = factories.PersonFactory(
            first_name="Rita", phone="07700 900123", address="1 Mill Lane", locality=locality
        )
        person.vision = "To see my sister again"
        person.save()

    created, updated = _entries(person)

    assert (created.action, updated.action) == (LogEntry.Action.CREATE, LogEntry.Action.UPDATE)
    assert (created.actor, created.remote_addr) == (coordinator, "10.1.1.1")
    assert created.changes_dict["first_name"] == ["None", "Rita"]
    assert created.changes_dict["phone"] == ["None", MASK]
    assert created.changes_dict["address"] == ["None", MASK]
    assert created.changes_dict["date_of_birth"] == ["None", MASK]
    assert created.changes_dict["postcode"] == ["None", MASK]
    assert updated.changes_dict == {"vision": ["", MASK], "version": ["1", "1"]} or (
        updated.changes_dict["vision"] == ["", MASK]
    )
    everything = str([created.changes, updated.changes])
    for secret in ("07700", "Mill Lane", "sister", "1960", "AB1"):
        assert secret not in everything


@pytest.mark.parametrize(
    ("factory", "field", "secret"),
    [
        (factories.ContactFactory, "note", "Talked about her debts"),
        (factories.ConnectionFactory, "note", "Nervous about going alone"),
        (factories.OutcomeFactory, "note", "Landlord agreed to wait"),
        (factories.OutcomeStoryFactory, "text", "She goes every Tuesday"),
        (factories.IntroductionFactory, "what_is_happening", "Lost her husband"),
    ],
)
def test_free_text_is_masked_in_the_trail(db, factory, field, secret):
    record = factory(**{field: secret})

    (entry,) = _entries(record)

    assert entry.changes_dict[field] == ["None", MASK]
    assert secret not in str(entry.changes)


def test_user_password_is_never_in_the_trail(db):
    user = factories.UserFactory()
    user.set_password("another-long-passphrase")
    user.save()

    assert all("password" not in entry.changes_dict for entry in _entries(user))


def test_person_page_view_is_logged_as_access_with_actor_and_address(
    client_for, coordinator, person
):
    client = client_for(coordinator)

    client.get(person.get_absolute_url(), REMOTE_ADDR="10.2.2.2")

    access = _person_reads().select_related("actor")
    assert [(e.object_id, e.actor, e.remote_addr) for e in access] == [
        (person.pk, coordinator, "10.2.2.2")
    ]


def test_person_page_view_by_outsider_is_404_and_not_logged(client_for, outsider, person):
    response = client_for(outsider).get(person.get_absolute_url())

    assert response.status_code == 404
    assert not _person_reads().exists()


def test_forwarded_for_header_is_not_trusted_by_default(client_for, coordinator, person):
    client_for(coordinator).get(
        person.get_absolute_url(), REMOTE_ADDR="10.2.2.2", HTTP_X_FORWARDED_FOR="1.2.3.4"
    )

    assert _person_reads().get().remote_addr == "10.2.2.2"


def test_forwarded_for_header_is_used_behind_a_trusted_proxy(
    client_for, coordinator, person, settings
):
    settings.TRUST_X_FORWARDED_FOR = True

    client_for(coordinator).get(
        person.get_absolute_url(), REMOTE_ADDR="10.2.2.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.9"
    )

    assert _person_reads().get().remote_addr == "1.2.3.4"


CHANGELIST = reverse("admin:auditlog_logentry_changelist")


def test_admin_trail_per_person_shows_their_records_only(
    client_for, administrator, person, outsider_person
):
    contact = factories.ContactFactory(introduction__person=person, note="private")
    factories.ContactFactory(introduction__person=outsider_person)

    response = client_for(administrator).get(CHANGELIST, {"person": person.pk})

    shown = {(e.content_type.model, e.object_id) for e in response.context["cl"].result_list}
    assert response.status_code == 200
    assert ("person", person.pk) in shown
    assert ("contact", contact.pk) in shown
    assert ("introduction", contact.introduction_id) in shown
    assert ("person", outsider_person.pk) not in shown
    assert not any(model == "contact" and pk != contact.pk for model, pk in shown)


def test_admin_trail_per_user_shows_what_they_did(
    client_for, administrator, coordinator, colleague, person
):
    client_for(colleague).get(person.get_absolute_url())
    client_for(coordinator).get(person.get_absolute_url())

    response = client_for(administrator).get(CHANGELIST, {"actor": coordinator.pk})

    # Their sign-in (client_for signs them in) and their read of the person page.
    assert sorted((e.actor, e.content_type.model) for e in response.context["cl"].result_list) == [
        (coordinator, "person"),
        (coordinator, "user"),
    ]


@pytest.mark.parametrize("persona", ["coordinator", "manager"])
def test_admin_trail_is_closed_to_everyone_but_administrators(client_for, request, persona):
    user = request.getfixturevalue(persona)
    user.is_staff = True
    user.save()

    assert client_for(user).get(CHANGELIST).status_code == 403


def test_admin_trail_cannot_be_added_changed_or_deleted(client_for, administrator, person):
    client = client_for(administrator)
    entry = LogEntry.objects.get_for_object(person).first()

    add = client.get(reverse("admin:auditlog_logentry_add"))
    change = client.post(reverse("admin:auditlog_logentry_change", args=[entry.pk]), {})
    delete = client.post(
        reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"}
    )

    assert (add.status_code, delete.status_code) == (403, 403)
    assert change.status_code in (200, 403)  # A read-only view page at most.
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_audit_flush_expired_deletes_only_entries_past_retention(db, settings, person):
    settings.AUDIT_RETENTION_DAYS = 30
    old = LogEntry.objects.get_for_object(person).get()
    LogEntry.objects.filter(pk=old.pk).update(timestamp=timezone.now() - dt.timedelta(days=31))
    person.first_name = "Renamed"
    person.save()
    out = StringIO()

    call_command("audit_flush_expired", stdout=out)

    assert "Deleted 1" in out.getvalue()
    assert not LogEntry.objects.filter(pk=old.pk).exists()
    assert LogEntry.objects.get_for_object(person).count() == 1


# Sessions: every sign-in and sign-out is attributable, with its address.


def _sign_ins(user) -> list[tuple]:
    user_type = ContentType.objects.get_for_model(user)
    return list(
        LogEntry.objects.filter(
            content_type=user_type, object_id=user.pk, action=LogEntry.Action.ACCESS
        )
        .order_by("pk")
        .values_list("additional_data__purpose", "actor_id", "remote_addr")
    )


def test_signing_in_and_out_is_in_the_trail_with_the_address(client, coordinator):
    client.post(
        reverse("login"),
        {"username": "cora", "password": "correct-horse-battery"},
        REMOTE_ADDR="10.0.0.7",
    )
    client.post(reverse("logout"), REMOTE_ADDR="10.0.0.8")

    assert _sign_ins(coordinator) == [
        ("signed in", coordinator.pk, "10.0.0.7"),
        ("signed out", coordinator.pk, "10.0.0.8"),
    ]


def test_a_failed_sign_in_to_a_real_account_is_in_the_trail_without_an_actor(client, coordinator):
    client.post(reverse("login"), {"username": "cora", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    client.post(reverse("login"), {"username": "nobody", "password": "wrong"})

    assert _sign_ins(coordinator) == [("failed sign-in", None, "10.0.0.9")]
    assert not LogEntry.objects.filter(object_repr="nobody").exists()


def test_an_administrator_sees_a_users_sign_ins_in_their_trail(
    client, client_for, coordinator, administrator
):
    client.post(reverse("login"), {"username": "cora", "password": "correct-horse-battery"})

    page = client_for(administrator).get(reverse("people:audit_list"), {"actor": coordinator.pk})

    assert "access (signed in)" in page.text
