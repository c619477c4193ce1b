"""The audit trail holds no masked value, finds every entry about a person, and is cleaned
when they are anonymised: auditlog's trail and the Django admin's own log alike."""

import datetime as dt
import json

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.admin.models import ADDITION, CHANGE, DELETION
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from people.audit import person_log_entries, person_relations
from people.retention import SCRUBBED, anonymise_expired
from tests import factories

TODAY = dt.date(2026, 6, 15)


def _factory(model):
    return getattr(factories, f"{model.__name__}Factory")


def _entries_about(model, pk) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=pk
        ).order_by("pk")
    )


# Masked fields never appear as an entry's label.


def _sentinels(model) -> dict[str, object]:
    """A distinctive value for each masked field, short enough for any max_length."""
    values = {}
    for i, name in enumerate(auditlog.get_model_fields(model)["mask_fields"]):
        field = model._meta.get_field(name)
        values[name] = dt.date(1931, 7, 13) if isinstance(field, models.DateField) else f"zq{i}x"
    return values


def _forms(value) -> list[str]:
    if isinstance(value, dt.date):
        return [value.isoformat(), f"{value:%d/%m/%Y}", f"{value:%-d %b %Y}"]
    return [value]


@pytest.mark.parametrize("model", auditlog.get_models(), ids=lambda m: m._meta.label)
def test_no_tracked_model_shows_a_masked_field_in_its_audit_label(db, model):
    """Every model the trail tracks, created, changed and deleted with masked values set."""
    values = _sentinels(model)
    record = _factory(model)(**values)
    pk = record.pk
    if values:
        name = next(iter(values))
        setattr(record, name, dt.date(1932, 8, 14) if name == "date_of_birth" else "zqNEWx")
        record.save()
    record.delete()

    labels = [entry.object_repr for entry in _entries_about(model, pk)]

    assert len(labels) >= 2
    shown = [form for value in values.values() for form in _forms(value) if form in str(labels)]
    assert shown == [], f"{model._meta.label}'s audit label shows masked data: {labels}"
    assert "zqNEWx" not in str(labels)


def test_a_story_is_labelled_by_its_id_in_the_trail(db):
    story = factories.OutcomeStoryFactory(title="Rita's new start")
    story.title = "Rita, a year on"
    story.save()
    pk = story.pk
    story.delete()

    assert [(e.action, e.object_repr) for e in _entries_about(type(story), pk)] == [
        (LogEntry.Action.CREATE, f"Outcome story #{pk}"),
        (LogEntry.Action.UPDATE, f"Outcome story #{pk}"),
        (LogEntry.Action.DELETE, f"Outcome story #{pk}"),
    ]


def _story_form(story, **changes) -> dict:
    data = {
        "title": story.title,
        "text": story.text,
        "told_on": f"{story.told_on:%d/%m/%Y}",
        "level": story.level,
        "locality": story.locality_id,
        "person": story.person_id,
        "consent": story.consent,
        "written_by": "",
        "_save": "Save",
    }
    return data | changes


def test_a_story_changed_or_deleted_in_the_admin_keeps_its_title_out_of_the_admin_log(
    client_for, administrator, person
):
    story = factories.OutcomeStoryFactory(person=person, title="Rita's new start")
    client = client_for(administrator)

    changed = client.post(
        reverse("admin:outcomes_outcomestory_change", args=[story.pk]),
        _story_form(story, title="Rita, a year on"),
    )
    deleted = client.post(
        reverse("admin:outcomes_outcomestory_delete", args=[story.pk]), {"post": "yes"}
    )

    assert (changed.status_code, deleted.status_code) == (302, 302)
    assert list(AdminLogEntry.objects.order_by("pk").values_list("action_flag", "object_repr")) == [
        (CHANGE, f"Outcome story #{story.pk}"),
        (DELETION, f"Outcome story #{story.pk}"),
    ]
    client.get(reverse("admin:index"))  # the flash messages, shown to who typed the title
    recent = client.get(reverse("admin:index")).text
    assert f"Outcome story #{story.pk}" in recent
    assert "Rita" not in recent


def test_deleting_several_stories_at_once_in_the_admin_keeps_their_titles_out_of_its_log(
    client_for, administrator, person
):
    """The admin writes such a deletion with bulk_create, which sends no signal."""
    stories = [factories.OutcomeStoryFactory(person=person, title=f"Rita {n}") for n in (1, 2)]

    response = client_for(administrator).post(
        reverse("admin:outcomes_outcomestory_changelist"),
        {"action": "delete_selected", "_selected_action": [s.pk for s in stories], "post": "yes"},
    )

    assert response.status_code == 302
    assert sorted(AdminLogEntry.objects.values_list("action_flag", "object_repr")) == [
        (DELETION, f"Outcome story #{story.pk}") for story in stories
    ]


# Entries about records removed in error stay with the person.


def _removed_records(person, introduction=None):
    """A wellbeing check, a contact and an outcome, each recorded and then removed."""
    introduction = introduction or factories.IntroductionFactory(person=person)
    check = factories.WellbeingCheckFactory(
        person=person, life_satisfaction=2, worthwhile=3, happiness=1, anxiety=9
    )
    contact = factories.ContactFactory(introduction=introduction, note="Talked about debts")
    outcome = factories.OutcomeFactory(person=person, note="Landlord agreed")
    removed = [check, contact, outcome]
    keys = [(type(r), r.pk) for r in removed]
    for record in removed:
        record.delete()
    return keys


def test_subject_access_lists_entries_about_records_removed_in_error(
    client_for, coordinator, manager, person
):
    check = factories.WellbeingCheckFactory(person=person, life_satisfaction=2)
    removal = client_for(coordinator).post(
        reverse("outcomes:wellbeing_remove", args=[check.pk]), {"version": check.version}
    )
    removed = _removed_records(person)

    data = (
        client_for(manager)
        .get(reverse("people:person_subject_access", args=[person.pk]), {"format": "json"})
        .json()
    )

    listed = {(e["record"], e["action"]) for e in data["audit"]}
    assert removal.status_code == 302
    assert ("wellbeing check: Wellbeing check on 14/06/2026", "delete") in listed
    for model, pk in removed:
        for entry in _entries_about(model, pk):
            record = f"{model._meta.verbose_name}: {entry.object_repr}"
            assert (record, entry.get_action_display()) in listed


def test_audit_list_for_a_person_shows_entries_about_removed_records(
    client_for, administrator, person, outsider_person
):
    removed = _removed_records(person)
    theirs = _removed_records(outsider_person)

    response = client_for(administrator).get(reverse("people:audit_list"), {"person": person.pk})

    shown = {
        (e.content_type.model_class(), e.object_id, e.action) for e in response.context["page"]
    }
    for model, pk in removed:
        assert (model, pk, LogEntry.Action.CREATE) in shown
        assert (model, pk, LogEntry.Action.DELETE) in shown
    assert not {(model, pk) for model, pk, _ in shown} & set(theirs)


def test_every_record_about_a_person_is_in_their_trail_after_removal(db, person):
    """Found by introspection: a new model that holds data about a person is covered too."""
    introduction = factories.IntroductionFactory(
        person=person, closed_on=factories.TODAY, closing_reason=factories.ClosingReasonFactory()
    )
    tracked = {m: lookups for m, lookups in person_relations().items() if auditlog.contains(m)}
    assert tracked, "No tracked model holds data about a person?"
    removed = []
    for model, lookups in tracked.items():
        about = {"person": person} if "person" in lookups else {"introduction": introduction}
        record = _factory(model)(**about)
        removed.append((model, record.pk))
        record.delete()

    in_trail = {(e.content_type.model_class(), e.object_id) for e in person_log_entries(person)}

    assert [key for key in removed if key not in in_trail] == []


# Anonymisation cleans the trail and the admin's log, and says it happened.


def _expired(locality, **names):
    person = factories.PersonFactory(
        first_name="Rowena", last_name="Ravenscroft", locality=locality, **names
    )
    introduction = factories.IntroductionFactory(
        person=person,
        introduced_on=dt.date(2018, 10, 1),
        closed_on=dt.date(2019, 1, 1),
        closing_reason=factories.ClosingReasonFactory(),
        support_level="walking_alongside",
    )
    return person, introduction


def test_anonymising_cleans_entries_about_removed_records(locality):
    rowena, introduction = _expired(locality)
    removed = _removed_records(rowena, introduction)

    anonymise_expired(today=TODAY, dry_run=False, by=None)

    for model, pk in removed:
        for entry in _entries_about(model, pk):
            assert entry.object_repr == f"{model._meta.verbose_name.capitalize()} #{pk}"
            assert {tuple(values) for values in entry.changes.values()} == {(SCRUBBED, SCRUBBED)}
    check_model, check_pk = removed[0]
    (deleted,) = [
        e for e in _entries_about(check_model, check_pk) if e.action == LogEntry.Action.DELETE
    ]
    assert {"life_satisfaction", "anxiety", "person"} <= set(deleted.changes)
    assert deleted.additional_data["person"] == rowena.pk


def _message(change_message: str):
    return json.loads(change_message) if change_message.startswith("[") else change_message


def test_anonymising_cleans_the_admin_log_about_the_person_and_their_records(
    client_for, administrator, locality
):
    rowena, introduction = _expired(locality)
    contact = factories.ContactFactory(introduction=introduction, contact_on=dt.date(2018, 12, 1))
    story = factories.OutcomeStoryFactory(person=rowena, title="Rowena's garden")
    inline = {"added": {"name": "introduction", "object": str(introduction)}}
    AdminLogEntry.objects.log_actions(
        administrator.pk, [rowena], CHANGE, [{"changed": {"fields": ["Phone"]}}, inline]
    )
    AdminLogEntry.objects.log_actions(administrator.pk, [contact], ADDITION, [{"added": {}}])
    AdminLogEntry.objects.log_actions(administrator.pk, [story], CHANGE, "Rowena asked")
    other = factories.PersonFactory(first_name="Kept", last_name="Keeper", locality=locality)
    AdminLogEntry.objects.log_actions(administrator.pk, [other], CHANGE, "")

    anonymise_expired(today=TODAY, dry_run=False, by=None)

    rows = AdminLogEntry.objects.order_by("pk").values_list("object_repr", "change_message")
    assert [(label, _message(message)) for label, message in rows] == [
        (
            f"Person #{rowena.pk}",
            [
                {"changed": {"fields": ["Phone"]}},
                {"added": {"name": "introduction", "object": SCRUBBED}},
            ],
        ),
        (f"Contact #{contact.pk}", [{"added": {}}]),
        (f"Outcome story #{story.pk}", ""),
        ("Kept Keeper", ""),
    ]
    recent = client_for(administrator).get(reverse("admin:index")).text
    assert "Ravenscroft" not in recent
    assert "Rowena" not in recent


def test_anonymising_leaves_one_entry_per_person_saying_who_ran_it(locality):
    rowena, _ = _expired(locality, phone="07700 900123", email="rowena@example.org")
    admin = factories.AdministratorFactory(username="ada", first_name="Ada", last_name="Admin")
    last = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()

    run = anonymise_expired(today=TODAY, dry_run=False, by=admin)

    (entry,) = LogEntry.objects.filter(pk__gt=last)
    assert (entry.object_id, entry.action, entry.actor) == (
        rowena.pk,
        LogEntry.Action.UPDATE,
        admin,
    )
    assert entry.additional_data["purpose"] == "retention anonymisation"
    assert entry.additional_data["run"] == run.pk
    assert entry.changes["first_name"] == [SCRUBBED, "Anonymised"]
    assert entry.changes["phone"] == [SCRUBBED, ""]
    assert entry.changes["version"] == ["1", "2"]
    everything = str([entry.object_repr, entry.changes, entry.additional_data])
    for secret in ("Rowena", "Ravenscroft", "07700", "rowena@"):
        assert secret not in everything
