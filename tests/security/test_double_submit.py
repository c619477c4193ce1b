"""One tap, one save: a new-record form sent twice saves one record.

Every form that creates a record carries a one-time token (lac.idempotency). The same
POST sent again (a double tap, a resend after a timeout) saves nothing and goes to the
record the first one saved, saying so; sent at the same moment, the database lets one
through. Two forms opened one after the other are two records, however alike.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from lac.idempotency import ALREADY_SAVED, saved_at, saves_once
from lac.models import FormToken
from localities.models import CommunityAsset, Locality
from outcomes.models import Level, Outcome, OutcomeStory, WellbeingCheck
from people.models import Connection, Contact, ContactMode, Introduction, Person, SupportLevel
from tests import factories
from tests.concurrency import race
from tests.factories import TODAY, days_ago

pytestmark = pytest.mark.usefixtures("frozen_today")

TOKEN_INPUT = re.compile(r'<input type="hidden" name="form_token" value="([^"]*)">')


def shown_token(response) -> str:
    """The token in the form as the browser got it."""
    found = TOKEN_INPUT.findall(response.content.decode())
    assert len(found) == 1, "the form carries exactly one token"
    return found[0]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@dataclass
class Case:
    """A new-record form: where it is, what it sends, what it saves and where that is."""

    url: str
    data: dict
    records: Callable[[], list[QuerySet]]
    landing: Callable[[], str]
    # Overrides that make the form invalid: it is shown again with what was typed.
    invalid: dict


TOMORROW = (TODAY + dt.timedelta(days=1)).isoformat()


@dataclass
class World:
    coordinator: object
    locality: object
    person: Person
    intro: Introduction


def _introduction_new(w: World) -> Case:
    source, theme = factories.ReferralSourceFactory(), factories.ThemeFactory(name="Loneliness")
    dora = Person.objects.filter(first_name="Dora", last_name="Dale")
    return Case(
        reverse("people:introduction_new"),
        {
            "person-first_name": "Dora",
            "person-last_name": "Dale",
            "person-date_of_birth": "1948-03-02",
            "person-postcode": "AB1 9ZZ",
            "person-locality": w.locality.pk,
            "person-consent_recorded_on": TODAY.isoformat(),
            "intro-referral_source": source.pk,
            "intro-introduced_on": days_ago(1).isoformat(),
            "intro-themes": [theme.pk],
            "intro-support_level": SupportLevel.INFORMATION,
        },
        lambda: [dora, Introduction.objects.filter(person__in=dora)],
        lambda: dora.get().get_absolute_url(),
        {"intro-introduced_on": TOMORROW},
    )


def _introduction_again(w: World) -> Case:
    # Someone known whose earlier episode closed: the form opens a new one.
    nell = factories.PersonFactory(first_name="Nell", last_name="Nomad", locality=w.locality)
    factories.IntroductionFactory(
        person=nell,
        introduced_on=days_ago(90),
        closed_on=days_ago(60),
        closing_reason=factories.ClosingReasonFactory(),
    )
    return Case(
        reverse("people:introduction_again", args=[nell.pk]),
        {
            "referral_source": factories.ReferralSourceFactory().pk,
            "introduced_on": days_ago(1).isoformat(),
            "support_level": SupportLevel.INFORMATION,
        },
        lambda: [nell.introductions.open()],
        nell.get_absolute_url,
        {"introduced_on": TOMORROW},
    )


def _contact(w: World, **extra) -> Case:
    return Case(
        reverse("people:contact_new", args=[w.person.pk]),
        {
            "episode": w.intro.pk,
            "contact_on": days_ago(1).isoformat(),
            "minutes": "45",
            "mode": ContactMode.PHONE,
            "note": "Talked about the allotment.",
            **extra,
        },
        lambda: [Contact.objects.filter(introduction=w.intro)],
        w.person.get_absolute_url,
        {"contact_on": TOMORROW},
    )


def _contact_from_the_caseload(w: World) -> Case:
    case = _contact(w, next="caseload")
    case.landing = lambda: reverse("people:caseload")
    return case


def _connection(w: World) -> Case:
    shed = factories.CommunityAssetFactory(name="Men's Shed", locality=w.locality)
    return Case(
        reverse("people:connection_new", args=[w.person.pk]),
        {"asset": shed.pk, "suggested_on": days_ago(1).isoformat(), "connect_now": "on"},
        lambda: [Connection.objects.filter(person=w.person, asset=shed)],
        w.person.get_absolute_url,
        {"suggested_on": TOMORROW},
    )


def _outcome(w: World) -> Case:
    kind = factories.OutcomeTypeFactory(name="Eviction prevented", level=Level.SYSTEM)
    return Case(
        reverse("outcomes:outcome_new", args=[w.person.pk]),
        {"outcome_type": kind.pk, "achieved_on": days_ago(2).isoformat(), "quantity": "1"},
        lambda: [Outcome.objects.filter(person=w.person)],
        w.person.get_absolute_url,
        {"achieved_on": TOMORROW},
    )


STORY = {
    "title": "Back in the garden",
    "text": "Rita runs the watering rota now.",
    "level": Level.INDIVIDUAL,
    "consent": "anonymised",
    "told_on": days_ago(1).isoformat(),
}


def _story(w: World) -> Case:
    return Case(
        reverse("outcomes:story_new", args=[w.person.pk]),
        STORY,
        lambda: [OutcomeStory.objects.filter(person=w.person)],
        w.person.get_absolute_url,
        {"told_on": TOMORROW},
    )


def _community_story(w: World) -> Case:
    return Case(
        reverse("outcomes:community_story_new"),
        {**STORY, "level": Level.COMMUNITY, "locality": w.locality.pk},
        lambda: [OutcomeStory.objects.filter(person=None, locality=w.locality)],
        lambda: reverse("home"),
        {"told_on": TOMORROW},
    )


def _wellbeing(w: World) -> Case:
    return Case(
        reverse("outcomes:wellbeing_new", args=[w.person.pk]),
        {
            "checked_on": days_ago(1).isoformat(),
            "life_satisfaction": "4",
            "worthwhile": "6",
            "happiness": "5",
            "anxiety": "8",
        },
        lambda: [WellbeingCheck.objects.filter(person=w.person)],
        w.person.get_absolute_url,
        {"checked_on": TOMORROW},
    )


def _asset(w: World) -> Case:
    tea = CommunityAsset.objects.filter(name="Tea and Chat")
    return Case(
        reverse("localities:asset_new"),
        {
            "name": "Tea and Chat",
            "category": factories.AssetCategoryFactory().pk,
            "locality": w.locality.pk,
            "description": "Thursdays at the library.",
            "active": "on",
        },
        lambda: [tea],
        lambda: tea.get().get_absolute_url(),
        {"name": ""},
    )


FORMS = {
    "new person and introduction": _introduction_new,
    "introduce again": _introduction_again,
    "contact": _contact,
    "contact from the caseload": _contact_from_the_caseload,
    "connection": _connection,
    "outcome": _outcome,
    "story": _story,
    "community story": _community_story,
    "wellbeing check": _wellbeing,
    "community asset": _asset,
}


@pytest.fixture
def world(coordinator, locality, person) -> World:
    intro = factories.IntroductionFactory(person=person, introduced_on=days_ago(20))
    return World(coordinator, locality, person, intro)


@pytest.fixture(params=list(FORMS))
def case(request, world) -> Case:
    return FORMS[request.param](world)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _counts(case: Case) -> list[int]:
    return [records.count() for records in case.records()]


# The same form sent twice


def test_the_same_form_sent_twice_saves_one_record_and_leads_to_it(coordinator, case):
    client = _client(coordinator)
    data = {**case.data, "form_token": shown_token(client.get(case.url))}

    first = client.post(case.url, data)
    second = client.post(case.url, data)

    assert _counts(case) == [1] * len(case.records())
    assert (first.status_code, first.url) == (302, case.landing())
    assert (second.status_code, second.url) == (302, case.landing())
    assert messages_of(second)[-1] == ALREADY_SAVED


def test_a_form_shown_again_with_errors_keeps_its_token_and_saves_once_when_fixed(
    coordinator, case
):
    client = _client(coordinator)
    token = shown_token(client.get(case.url))

    refused = client.post(case.url, {**case.data, **case.invalid, "form_token": token})
    fixed = client.post(case.url, {**case.data, "form_token": shown_token(refused)})
    again = client.post(case.url, {**case.data, "form_token": token})

    assert refused.status_code == 200
    assert shown_token(refused) == token
    assert (fixed.url, again.url) == (case.landing(), case.landing())
    assert _counts(case) == [1] * len(case.records())


def test_each_time_a_form_is_shown_it_gets_a_new_token(coordinator, world):
    client = _client(coordinator)
    url = reverse("outcomes:outcome_new", args=[world.person.pk])

    tokens = {shown_token(client.get(url)) for _ in range(3)}

    assert len(tokens) == 3


def test_two_identical_contacts_from_two_forms_are_both_logged(coordinator, world):
    """Two calls about the same thing on one day are two contacts, not a double tap."""
    client = _client(coordinator)
    case = _contact(world)
    tokens = [shown_token(client.get(case.url)) for _ in range(2)]

    for token in tokens:
        client.post(case.url, {**case.data, "form_token": token})

    assert list(Contact.objects.values_list("note", flat=True)) == [
        "Talked about the allotment.",
        "Talked about the allotment.",
    ]


def test_an_identical_contact_logged_again_minutes_later_is_kept(coordinator, world):
    """The old two-minute window merged these; a new form is a new contact."""
    client = _client(coordinator)
    case = _contact(world)

    client.post(case.url, {**case.data, "form_token": shown_token(client.get(case.url))})
    second = client.post(case.url, {**case.data, "form_token": shown_token(client.get(case.url))})

    assert Contact.objects.filter(introduction=world.intro).count() == 2
    assert messages_of(second)[-1] == "Contact with Rita Riverside logged."


def test_another_users_token_is_treated_as_a_new_form(coordinator, colleague, world):
    cora, colin = _client(coordinator), _client(colleague)
    case = _asset(world)
    data = {**case.data, "form_token": shown_token(cora.get(case.url))}
    cora.post(case.url, data)

    response = colin.post(case.url, {**data, "name": "Tea and Chat (Colin)"})

    colins = CommunityAsset.objects.get(name="Tea and Chat (Colin)")
    assert response.url == colins.get_absolute_url()
    assert ALREADY_SAVED not in messages_of(response)
    assert CommunityAsset.objects.count() == 2
    assert list(FormToken.objects.values_list("user__username", "saved_url")) == [
        ("cora", case.landing()),
        ("colin", colins.get_absolute_url()),
    ]


def test_a_form_for_someone_the_user_cannot_see_is_a_404_and_claims_nothing(
    outsider, outsider_person, world
):
    client = _client(outsider)
    case = _outcome(world)
    token = shown_token(client.get(reverse("outcomes:outcome_new", args=[outsider_person.pk])))

    response = client.post(case.url, {**case.data, "form_token": token})

    assert response.status_code == 404
    assert not Outcome.objects.exists()
    assert not FormToken.objects.exists()


def test_a_form_without_a_token_is_saved_each_time(coordinator, world):
    """Not one of our pages (a script, say): nothing to recognise a copy by."""
    client = _client(coordinator)
    case = _outcome(world)

    client.post(case.url, case.data)
    client.post(case.url, case.data)

    assert Outcome.objects.filter(person=world.person).count() == 2
    assert not FormToken.objects.exists()


@pytest.mark.parametrize("token", ["short", "x" * 65, "a b c d e f g h i j k", "<script>"])
def test_a_malformed_token_is_replaced_by_a_new_one_when_the_form_is_shown_again(
    coordinator, world, token
):
    client = _client(coordinator)
    case = _outcome(world)

    response = client.post(case.url, {**case.data, "achieved_on": "", "form_token": token})

    assert response.status_code == 200
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", shown_token(response))
    assert not Outcome.objects.exists()


# The claim itself


def _request(user, token: str):
    request = RequestFactory().post("/", {"form_token": token})
    request.user = user
    return request


def test_a_view_that_saves_keeps_its_token_with_where_the_record_is(coordinator):
    @saves_once
    def view(request):
        return redirect(saved_at(request, "people:caseload"))

    response = view(_request(coordinator, "t" * 32))

    assert response.url == reverse("people:caseload")
    assert list(FormToken.objects.values_list("user", "token", "saved_url")) == [
        (coordinator.pk, "t" * 32, reverse("people:caseload"))
    ]


def test_a_view_that_saves_nothing_gives_its_token_back(coordinator):
    @saves_once
    def view(request):
        return HttpResponse("The form again, with its errors.")

    view(_request(coordinator, "t" * 32))

    assert not FormToken.objects.exists()


def test_a_view_that_fails_gives_its_token_back_and_writes_nothing(coordinator):
    @saves_once
    def view(request):
        factories.LocalityFactory(name="Half-saved")
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        view(_request(coordinator, "t" * 32))

    assert not FormToken.objects.exists()
    assert not Locality.objects.filter(name="Half-saved").exists()


def test_one_claim_per_user_and_token(coordinator, colleague):
    FormToken.objects.create(user=coordinator, token="t" * 32, saved_url="/a/")
    FormToken.objects.create(user=colleague, token="t" * 32, saved_url="/b/")

    with pytest.raises(IntegrityError) as error, transaction.atomic():
        FormToken.objects.create(user=coordinator, token="t" * 32, saved_url="/c/")

    if connection.vendor == "postgresql":
        assert "formtoken_one_claim" in str(error.value)
    assert list(FormToken.objects.order_by("pk").values_list("saved_url", flat=True)) == [
        "/a/",
        "/b/",
    ]


def test_a_form_token_reads_as_where_it_saved(coordinator):
    row = FormToken.objects.create(user=coordinator, token="abcdefgh" * 4, saved_url="/people/7/")

    assert str(row) == "Form token abcdefgh… → /people/7/"


# Old tokens


def test_tokens_older_than_the_setting_are_cleared(coordinator, settings):
    settings.LAC_FORM_TOKEN_DAYS = 7
    now = timezone.now()
    for days, token in ((8, "old" * 6), (7, "edge" * 5), (1, "new" * 6)):
        FormToken.objects.create(
            user=coordinator,
            token=token,
            saved_url=f"/{days}/",
            claimed_at=now - dt.timedelta(days=days, seconds=1 if days == 8 else 0),
        )
    out = StringIO()

    call_command("form_tokens_flush_expired", "--dry-run", stdout=out)
    assert FormToken.objects.count() == 3
    call_command("form_tokens_flush_expired", stdout=out)

    assert sorted(FormToken.objects.values_list("saved_url", flat=True)) == ["/1/", "/7/"]
    assert out.getvalue().splitlines() == [
        "Would delete 1 form tokens claimed before 08/06/2026.",
        "Deleted 1 form tokens claimed before 08/06/2026.",
    ]


def test_a_form_sent_again_after_its_token_was_cleared_saves_again(coordinator, world):
    """The documented limit: LAC_FORM_TOKEN_DAYS is how long a copy is recognised."""
    client = _client(coordinator)
    case = _outcome(world)
    data = {**case.data, "form_token": shown_token(client.get(case.url))}
    client.post(case.url, data)

    FormToken.objects.update(claimed_at=FormToken.objects.get().claimed_at - dt.timedelta(days=8))
    call_command("form_tokens_flush_expired", stdout=StringIO())
    client.post(case.url, data)

    assert Outcome.objects.filter(person=world.person).count() == 2


# At the same moment: two copies racing, each on its own database connection.


@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_twice_at_the_same_moment_saves_exactly_one(coordinator, case):
    """On PostgreSQL the second claim waits for the first transaction, then fails; on
    SQLite (a file, a connection per thread) the second transaction waits to begin."""
    first, second = _client(coordinator), _client(coordinator)
    first.raise_request_exception = second.raise_request_exception = False  # a 500 is a response
    data = {**case.data, "form_token": shown_token(first.get(case.url))}

    responses = race(lambda: first.post(case.url, data), lambda: second.post(case.url, data))

    assert _counts(case) == [1] * len(case.records())
    assert [(r.status_code, r.url) for r in responses] == [(302, case.landing())] * 2
    said = sorted(messages_of(r)[-1] == ALREADY_SAVED for r in responses)
    assert said == [False, True]
