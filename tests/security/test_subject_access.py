"""Subject access export: everything held about one person, for managers and admins."""

import json

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.urls import reverse

from people.models import Introduction, Person
from tests import factories


def _url(person, **query):
    url = reverse("people:person_subject_access", args=[person.pk])
    return f"{url}?format=json" if query.get("json") else url


def _everything_about(person):
    """One record of every kind the project holds about a person."""
    introduction = factories.IntroductionFactory(person=person, what_is_happening="Lonely")
    return [
        introduction,
        factories.ContactFactory(introduction=introduction, note="Met at the library"),
        factories.SupportLevelChangeFactory(introduction=introduction),
        factories.ConnectionFactory(person=person, introduction=introduction),
        factories.OutcomeFactory(person=person, introduction=introduction),
        factories.OutcomeStoryFactory(person=person, text="Her story"),
        factories.WellbeingCheckFactory(person=person, introduction=introduction),
    ]


def _models_holding_person_data():
    """Every model with a foreign key to Person, or to Introduction (their episodes)."""
    return {
        model._meta.label
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.concrete
        and field.is_relation
        and (field.many_to_one or field.one_to_one)
        and field.related_model in (Person, Introduction)
    }


def test_subject_access_export_covers_every_model_related_to_person(client_for, manager, person):
    records = _everything_about(person)

    data = client_for(manager).get(_url(person, json=True)).json()

    missing = _models_holding_person_data() - set(data["records"])
    assert missing == set(), f"Add these to the subject access export: {missing}"
    for record in records:
        items = data["records"][record._meta.label]["items"]
        assert record.pk in [item["id"] for item in items]


def test_subject_access_export_with_many_records_loads_relations_up_front(
    client_for, manager, person
):
    """Guards the N+1 of each record's foreign keys (asset, recorded_by, themes…)."""
    _everything_about(person)
    introduction = person.introductions.get()
    introduction.closed_on = introduction.introduced_on
    introduction.closing_reason = factories.ClosingReasonFactory()
    introduction.save()
    _everything_about(person)

    data = client_for(manager).get(_url(person, json=True)).json()

    assert len(data["records"]["people.Contact"]["items"]) == 2
    assert len(data["records"]["people.Introduction"]["items"]) == 2


def test_subject_access_json_holds_the_person_and_their_free_text(client_for, manager, person):
    _everything_about(person)

    response = client_for(manager).get(_url(person, json=True))

    data = json.loads(response.content)
    assert (
        response["Content-Disposition"] == f'attachment; filename="subject-access-{person.pk}.json"'
    )
    assert data["person"]["first_name"] == "Rita"
    assert data["person"]["date_of_birth"] == "1960-05-01"
    assert data["records"]["people.Contact"]["items"][0]["note"] == "Met at the library"
    assert data["records"]["outcomes.OutcomeStory"]["items"][0]["text"] == "Her story"


def test_subject_access_lists_who_viewed_and_changed_their_records(
    client_for, coordinator, manager, person
):
    client_for(coordinator).get(person.get_absolute_url())

    data = client_for(manager).get(_url(person, json=True)).json()

    who_did_what = {(entry["who"], entry["action"]) for entry in data["audit"]}
    assert (str(coordinator), "access") in who_did_what
    assert ("system", "create") in who_did_what


def test_subject_access_export_is_itself_logged(client_for, manager, person):
    client_for(manager).get(_url(person))

    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS, content_type__model="person")
    assert (entry.object_id, entry.actor) == (person.pk, manager)
    assert entry.additional_data == {
        "purpose": "subject access export",
        "format": "html",
        "actor": {"id": manager.pk, "username": "mina", "name": "Mina Worker"},
    }


def test_subject_access_html_is_printable_page_with_everything(client_for, administrator, person):
    _everything_about(person)

    response = client_for(administrator).get(_url(person))

    assert response.status_code == 200
    assert "Everything held about Rita Riverside" in response.text
    assert "Met at the library" in response.text
    assert "Her story" in response.text
    assert f"?person={person.pk}" in response.text


def test_subject_access_is_refused_to_coordinators(client_for, coordinator, person):
    assert client_for(coordinator).get(_url(person)).status_code == 403
    assert not LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, content_type__model="person"
    ).exists()


def test_subject_access_for_someone_outside_the_managers_localities_is_404(
    client_for, manager, outsider_person
):
    response = client_for(manager).get(_url(outsider_person, json=True))

    assert response.status_code == 404
    assert "Hilltopper" not in response.text


@pytest.mark.parametrize("json_format", [False, True])
def test_subject_access_anonymous_is_sent_to_login(client, person, json_format):
    response = client.get(_url(person, json=json_format))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
