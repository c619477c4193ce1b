"""One write path, one locking mechanism.

Every change to a versioned record bumps its version under a row lock, so an edit form
opened before any change (a contact's next step, a new lead, an admin correction) is
refused with what changed, instead of silently undoing it. Community assets lock the same
way as every other record, and a story is featured only if, under its lock, it still has
consent to share.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from localities.forms import CommunityAssetForm
from outcomes import story_views
from outcomes.models import Consent, OutcomeStory
from people import services
from people.models import Contact, ContactMode, Introduction
from tests import factories
from tests.concurrency import on_postgresql, race
from tests.factories import days_ago

pytestmark = pytest.mark.usefixtures("frozen_today")

STALE = "Someone else saved this record while you were editing it."


def _client(user) -> Client:
    client = Client()
    client.raise_request_exception = False
    client.force_login(user)
    return client


def _form_data(response, form=None) -> dict:
    """What the browser would send back for the form as shown, unchanged."""
    data = {}
    for bound in form or response.context["form"]:
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, list | tuple):
            value = [str(item) for item in value]
        data[bound.html_name] = value
    return data


def _changes(response) -> list[tuple[str, str, str]]:
    return [(c.label, c.saved, c.yours) for c in response.context["changes"]]


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def episode(person):
    return factories.IntroductionFactory(
        person=person, introduced_on=days_ago(20), next_step="Ring on Monday"
    )


# Finding 1: a write that skipped the version let a stale form undo it.


def test_an_introduction_form_opened_before_a_contact_set_the_next_step_is_refused(
    coordinator, colleague, person, episode
):
    url = reverse("people:introduction_edit", args=[person.pk])
    cora = _client(coordinator)
    shown = cora.get(url)
    services.contact_log(
        contact=Contact(
            introduction=episode, contact_on=days_ago(1), minutes=30, mode=ContactMode.PHONE
        ),
        by=colleague,
        next_step="Meet at the library",
    )

    refused = cora.post(url, {**_form_data(shown), "introducer": "Dr Shah, GP"})

    assert refused.status_code == 200
    assert STALE in refused.text
    episode.refresh_from_db()
    assert (episode.next_step, episode.introducer, episode.first_contact_on) == (
        "Meet at the library",
        "",
        days_ago(1),
    )
    assert _changes(refused) == [
        ("Introducer", "(empty)", "Dr Shah, GP"),
        ("Next step", "Meet at the library", "Ring on Monday"),
    ]
    assert refused.context["form"]["introducer"].value() == "Dr Shah, GP"


def test_resubmitting_the_introduction_form_after_seeing_the_new_next_step_saves_it(
    coordinator, colleague, person, episode
):
    url = reverse("people:introduction_edit", args=[person.pk])
    cora = _client(coordinator)
    shown = cora.get(url)
    services.contact_log(
        contact=Contact(
            introduction=episode, contact_on=days_ago(1), minutes=30, mode=ContactMode.PHONE
        ),
        by=colleague,
        next_step="Meet at the library",
    )
    refused = cora.post(url, {**_form_data(shown), "introducer": "Dr Shah, GP"})

    saved = cora.post(url, _form_data(refused))

    assert saved.status_code == 302
    episode.refresh_from_db()
    assert (episode.introducer, episode.next_step, episode.version) == (
        "Dr Shah, GP",
        "Ring on Monday",
        3,
    )


def test_a_person_form_opened_before_a_new_introduction_made_someone_lead_is_refused(
    coordinator, colleague, locality
):
    person = factories.PersonFactory(first_name="Nell", locality=locality, lead_coordinator=None)
    url = reverse("people:person_edit", args=[person.pk])
    cora = _client(coordinator)
    shown = cora.get(url)
    services.introduction_create(
        introduction=Introduction(
            person=person,
            referral_source=factories.ReferralSourceFactory(),
            introduced_on=days_ago(1),
        ),
        themes=[],
        by=colleague,
    )

    refused = cora.post(url, {**_form_data(shown), "phone": "07700 900123"})

    assert refused.status_code == 200
    assert STALE in refused.text
    person.refresh_from_db()
    assert (person.lead_coordinator, person.phone, person.version) == (colleague, "", 2)
    assert _changes(refused) == [
        ("Phone", "(empty)", "07700 900123"),
        ("Lead coordinator", str(colleague), "(empty)"),
    ]


# Finding 7: community assets lock like every other record.


@pytest.fixture
def asset(locality):
    return factories.CommunityAssetFactory(
        name="Friday Lunch Club", locality=locality, description="Soup and a chat."
    )


def test_an_asset_save_whose_check_ran_before_another_save_landed_is_still_refused(
    monkeypatch, coordinator, colleague, asset
):
    """Two saves at the same moment: B's form validates, then A's save lands, then B's
    save runs. The check must happen with the write, under the row's lock."""
    url = reverse("localities:asset_edit", args=[asset.pk])
    a, b = _client(coordinator), _client(colleague)
    data_a = {**_form_data(a.get(url)), "contact_details": "Ring Jo on 01234 567890"}
    data_b = {**_form_data(b.get(url)), "description": "Soup, a chat and a quiz."}
    validate = CommunityAssetForm.is_valid
    landed = []

    def valid_then_a_saves(form):
        valid = validate(form)
        if form.data.get("description") == data_b["description"] and not landed:
            landed.append(a.post(url, data_a).status_code)
        return valid

    monkeypatch.setattr(CommunityAssetForm, "is_valid", valid_then_a_saves)

    refused = b.post(url, data_b)

    assert landed == [302]
    assert refused.status_code == 200
    asset.refresh_from_db()
    assert (asset.contact_details, asset.description) == (
        "Ring Jo on 01234 567890",
        "Soup and a chat.",
    )
    assert STALE in refused.text
    assert _changes(refused) == [
        ("Description", "Soup and a chat.", "Soup, a chat and a quiz."),
        ("Contact details", "Ring Jo on 01234 567890", "(empty)"),
    ]


def test_a_stale_asset_form_shows_what_changed_and_keeps_what_was_typed(
    coordinator, colleague, asset
):
    url = reverse("localities:asset_edit", args=[asset.pk])
    a, b = _client(coordinator), _client(colleague)
    shown_a, shown_b = a.get(url), b.get(url)
    assert shown_a.context["form"]["version"].value() == 1

    saved = a.post(url, {**_form_data(shown_a), "name": "Friday Lunch"})
    refused = b.post(url, {**_form_data(shown_b), "contact_details": "Sam, 01632 960001"})

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert STALE in refused.text
    assert _changes(refused) == [
        ("Name", "Friday Lunch", "Friday Lunch Club"),
        ("Contact details", "(empty)", "Sam, 01632 960001"),
    ]
    assert refused.context["form"]["contact_details"].value() == "Sam, 01632 960001"
    asset.refresh_from_db()
    assert (asset.name, asset.contact_details, asset.version) == ("Friday Lunch", "", 2)


def test_resubmitting_a_refused_asset_form_saves_it(coordinator, colleague, asset):
    url = reverse("localities:asset_edit", args=[asset.pk])
    a, b = _client(coordinator), _client(colleague)
    shown_a, shown_b = a.get(url), b.get(url)
    a.post(url, {**_form_data(shown_a), "name": "Friday Lunch"})
    refused = b.post(url, {**_form_data(shown_b), "contact_details": "Sam, 01632 960001"})

    saved = b.post(url, _form_data(refused))

    assert saved.status_code == 302
    asset.refresh_from_db()
    assert (asset.name, asset.contact_details, asset.version) == (
        "Friday Lunch Club",
        "Sam, 01632 960001",
        3,
    )


def test_an_asset_changed_in_the_admin_makes_an_open_asset_form_stale(
    coordinator, administrator, asset
):
    url = reverse("localities:asset_edit", args=[asset.pk])
    cora = _client(coordinator)
    shown = cora.get(url)
    admin_url = reverse("admin:localities_communityasset_change", args=[asset.pk])
    admin = _client(administrator)
    admin_form = admin.get(admin_url).context["adminform"].form
    changed = admin.post(admin_url, {**_form_data(None, admin_form), "name": "Lunch Club"})
    assert changed.status_code == 302

    refused = cora.post(url, {**_form_data(shown), "description": "Soup."})

    assert refused.status_code == 200
    assert STALE in refused.text
    asset.refresh_from_db()
    assert (asset.name, asset.description, asset.version) == ("Lunch Club", "Soup and a chat.", 2)


def test_every_admin_of_a_versioned_model_saves_through_the_one_write_path():
    from django.contrib import admin

    from lac.versioning import VersionedAdminMixin

    versioned = {
        model._meta.label: isinstance(model_admin, VersionedAdminMixin)
        for model, model_admin in admin.site._registry.items()
        if any(field.name == "version" for field in model._meta.concrete_fields)
    }

    assert versioned == dict.fromkeys(
        [
            "localities.CommunityAsset",
            "outcomes.Outcome",
            "outcomes.OutcomeStory",
            "outcomes.WellbeingCheck",
            "people.Contact",
            "people.Introduction",
            "people.Person",
        ],
        True,
    )


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_asset_saves_at_the_same_moment_save_exactly_one(coordinator, colleague, locality):
    asset = factories.CommunityAssetFactory(name="Friday Lunch Club", locality=locality)
    url = reverse("localities:asset_edit", args=[asset.pk])
    a, b = _client(coordinator), _client(colleague)
    data_a = {**_form_data(a.get(url)), "contact_details": "Ring Jo"}
    data_b = {**_form_data(b.get(url)), "contact_details": "Ring Sam"}

    responses = race(lambda: a.post(url, data_a), lambda: b.post(url, data_b))

    assert sorted(r.status_code for r in responses) == [200, 302]
    winner = data_a if responses[0].status_code == 302 else data_b
    loser = data_b if winner is data_a else data_a
    refused = next(r for r in responses if r.status_code == 200)
    assert _changes(refused) == [
        ("Contact details", winner["contact_details"], loser["contact_details"])
    ]
    asset.refresh_from_db()
    assert (asset.contact_details, asset.version) == (winner["contact_details"], 2)


# Finding 9: featuring checks consent under the story's lock.


@pytest.fixture
def story(person):
    return factories.OutcomeStoryFactory(
        person=person, title="Back to the allotment", consent=Consent.NAMED
    )


def test_featuring_a_story_whose_consent_was_withdrawn_meanwhile_is_a_message_not_a_500(
    monkeypatch, manager, story
):
    find = story_views.get_object_or_404

    def found_then_consent_withdrawn(*args, **kwargs):
        shown = find(*args, **kwargs)
        # Someone withdraws consent between this request reading the story and writing.
        OutcomeStory.objects.filter(pk=story.pk).update(consent=Consent.NONE)
        return shown

    monkeypatch.setattr(story_views, "get_object_or_404", found_then_consent_withdrawn)

    response = _client(manager).post(
        reverse("outcomes:story_feature", args=[story.pk]), {"featured": "1"}
    )

    assert (response.status_code, response.url) == (302, reverse("outcomes:story_list"))
    assert _messages(response) == [
        "“Back to the allotment” has no consent to share, so it cannot be featured."
    ]
    story.refresh_from_db()
    assert (story.featured, story.consent, story.version) == (False, Consent.NONE, 1)


def test_story_feature_refuses_a_story_whose_saved_consent_is_none(manager, story):
    from django.core.exceptions import ValidationError

    from outcomes.services import story_feature

    as_read = OutcomeStory.objects.get(pk=story.pk)
    OutcomeStory.objects.filter(pk=story.pk).update(consent=Consent.NONE)

    with pytest.raises(ValidationError) as refused:
        story_feature(story=as_read, featured=True, by=manager)

    assert refused.value.messages == [
        "“Back to the allotment” has no consent to share, so it cannot be featured."
    ]
    story.refresh_from_db()
    assert (story.featured, story.version) == (False, 1)


def test_featuring_a_story_makes_an_open_story_form_stale(coordinator, manager, story):
    url = reverse("outcomes:story_edit", args=[story.pk])
    cora = _client(coordinator)
    shown = cora.get(url)
    featured = _client(manager).post(
        reverse("outcomes:story_feature", args=[story.pk]), {"featured": "1"}
    )
    assert featured.status_code == 302

    refused = cora.post(url, {**_form_data(shown), "text": "She grows beans now."})

    assert refused.status_code == 200
    assert STALE in refused.text
    story.refresh_from_db()
    assert (story.featured, story.text, story.version) == (
        True,
        "What changed, in their words.",
        2,
    )
