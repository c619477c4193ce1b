"""Hostile text typed into every free-text field, then read back on every page that shows it.

Whatever is typed: never a 500; HTML escapes it; a CSV cell a spreadsheet would run as a
formula is neutralised; a value longer than the field allows is a field error.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from outcomes.models import OutcomeStory
from people.forms import HIDDEN_CHARACTERS, POSTCODE
from people.models import Person
from reporting import tables
from tests import factories

TODAY = dt.date.today()
LONG = "x" * 10_000

CORPUS = [
    pytest.param("<script>alert(1)</script>", id="script"),
    pytest.param('"><img src=x onerror=alert(1)>', id="img-onerror"),
    pytest.param("'; DROP TABLE people_person; --", id="sql"),
    pytest.param("nul\x00byte", id="nul"),
    pytest.param("bell\x07", id="bel"),
    pytest.param("esc\x1b[31m", id="esc"),
    pytest.param("\u202eexe.txt", id="rtl-override"),
    pytest.param(LONG, id="10k"),
    pytest.param('=HYPERLINK("http://x")', id="formula-eq"),
    pytest.param("+1", id="formula-plus"),
    pytest.param("-1", id="formula-minus"),
    pytest.param("@SUM(A1)", id="formula-at"),
]
RAW_HTML = ("<script>alert(1)</script>", "<img src=x onerror")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.fixture
def config(db):
    """Configuration as an administrator would set it up, with ordinary names."""
    return SimpleNamespace(
        source=factories.ReferralSourceFactory(name="GP surgery"),
        theme=factories.ThemeFactory(name="Loneliness"),
        category=factories.AssetCategoryFactory(name="Groups"),
        outcome_type=factories.OutcomeTypeFactory(name="Started volunteering"),
        reason=factories.ClosingReasonFactory(name="Goals met"),
    )


def _hostile_config(config, payload: str) -> None:
    """Give every configured name the payload: dashboards and CSVs print these."""
    # An administrator cannot type a NUL either (forms refuse it); the rest get through.
    name = payload.replace("\x00", "")
    for record, max_length in (
        (config.source, 100),
        (config.theme, 80),
        (config.category, 80),
        (config.outcome_type, 120),
        (config.reason, 100),
    ):
        record.name = name[:max_length]
        record.save()


@pytest.fixture
def episode(config, locality, coordinator, person):
    intro = factories.IntroductionFactory(
        person=person, referral_source=config.source, introduced_on=TODAY - dt.timedelta(30)
    )
    intro.themes.set([config.theme])
    asset = factories.CommunityAssetFactory(
        name="Riverside Allotments", category=config.category, locality=locality
    )
    asset.themes.set([config.theme])
    factories.WellbeingCheckFactory(person=person, checked_on=TODAY - dt.timedelta(25))
    factories.WellbeingCheckFactory(person=person, checked_on=TODAY - dt.timedelta(1), anxiety=2)
    return intro


@dataclass(frozen=True)
class TextField:
    """One free-text field of one form, posted through its view with valid other data."""

    url: Callable[[SimpleNamespace], str]
    data: Callable[[SimpleNamespace], dict]
    key: str  # the POST key, with the form's prefix
    max_length: int
    # "name": no control or text-direction characters; "postcode": a UK postcode only.
    kind: str = "text"


def _new_introduction(w) -> dict:
    return {
        "person-first_name": "Nina",
        "person-last_name": "New",
        "person-postcode": "RV1 1AA",
        "person-locality": w.locality.pk,
        "person-consent_recorded_on": TODAY.isoformat(),
        "intro-referral_source": w.config.source.pk,
        "intro-introduced_on": TODAY.isoformat(),
        "intro-themes": [w.config.theme.pk],
        "intro-support_level": "information",
        "not_a_duplicate": "1",
    }


def _person_edit(w) -> dict:
    person = Person.objects.get(pk=w.person.pk)
    data = {
        name: getattr(person, name) or ""
        for name in ("first_name", "last_name", "address", "postcode", "vision", "strengths")
    }
    return {
        **data,
        "locality": person.locality_id,
        "lead_coordinator": person.lead_coordinator_id,
        "date_of_birth": person.date_of_birth.isoformat(),
        "consent_recorded_on": person.consent_recorded_on.isoformat(),
        "version": person.version,
    }


def _contact(w) -> dict:
    return {"contact_on": TODAY.isoformat(), "minutes": "30", "mode": "in_person"}


def _connection(w) -> dict:
    return {"asset": w.asset.pk, "suggested_on": TODAY.isoformat()}


def _outcome(w) -> dict:
    return {
        "outcome_type": w.config.outcome_type.pk,
        "achieved_on": TODAY.isoformat(),
        "quantity": "1",
    }


def _story(w) -> dict:
    return {
        "title": "A new start",
        "text": "She goes every week now.",
        "level": "individual",
        "themes": [w.config.theme.pk],
        "consent": "named",
        "told_on": TODAY.isoformat(),
    }


def _asset(w) -> dict:
    return {
        "name": "Friday Lunch Club",
        "category": w.config.category.pk,
        "locality": w.locality.pk,
        "themes": [w.config.theme.pk],
        "active": "on",
    }


def _on_person(name: str) -> Callable:
    return lambda w: reverse(name, args=[w.person.pk])


INTRODUCTION_NEW = lambda w: reverse("people:introduction_new")  # noqa: E731
ASSET_NEW = lambda w: reverse("localities:asset_new")  # noqa: E731

FIELDS = [
    TextField(INTRODUCTION_NEW, _new_introduction, "person-first_name", 100, "name"),
    TextField(INTRODUCTION_NEW, _new_introduction, "person-last_name", 100, "name"),
    TextField(INTRODUCTION_NEW, _new_introduction, "person-postcode", 10, "postcode"),
    TextField(INTRODUCTION_NEW, _new_introduction, "intro-introducer", 150),
    TextField(INTRODUCTION_NEW, _new_introduction, "intro-what_is_happening", 4000),
    TextField(_on_person("people:person_edit"), _person_edit, "vision", 4000),
    TextField(_on_person("people:person_edit"), _person_edit, "strengths", 4000),
    TextField(_on_person("people:person_edit"), _person_edit, "address", 250),
    TextField(_on_person("people:contact_new"), _contact, "note", 4000),
    TextField(_on_person("people:contact_new"), _contact, "next_step", 250),
    TextField(_on_person("people:connection_new"), _connection, "note", 500),
    TextField(_on_person("outcomes:outcome_new"), _outcome, "note", 4000),
    TextField(_on_person("outcomes:story_new"), _story, "title", 150, "name"),
    TextField(_on_person("outcomes:story_new"), _story, "text", 10_000),
    TextField(ASSET_NEW, _asset, "name", 150, "name"),
    TextField(ASSET_NEW, _asset, "description", 4000),
    TextField(ASSET_NEW, _asset, "contact_details", 250),
]


def _accepted(payload: str, spec: TextField) -> bool:
    if "\x00" in payload or len(payload.strip()) > spec.max_length:
        return False
    if spec.kind == "name":
        return not HIDDEN_CHARACTERS.search(payload)
    if spec.kind == "postcode":
        return bool(POSTCODE.fullmatch(" ".join(payload.upper().split())))
    return True


def _field_errors(response, key: str) -> list[str]:
    contexts = response.context if isinstance(response.context, list) else [response.context]
    for value in (v for context in contexts for v in context.flatten().values()):
        if isinstance(value, forms.BaseForm):
            for name in value.fields:
                if value.add_prefix(name) == key:
                    return value.errors.get(name, [])
    raise AssertionError(f"no form in the page has a field {key}")


def _client(user) -> Client:
    client = Client()
    client.raise_request_exception = False
    client.force_login(user)
    return client


def _assert_safe_html(response, where: str) -> str:
    assert response.status_code == 200, where
    content = response.content.decode()
    for raw in RAW_HTML:
        assert raw not in content, f"unescaped {raw!r} on {where}"
    return content


def _csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize("payload", CORPUS)
def test_hostile_text_is_refused_or_stored_and_always_shown_safely(
    payload, config, episode, locality, coordinator, manager, person
):
    _hostile_config(config, payload)
    asset = factories.CommunityAssetFactory(
        name="Borough Walking Group", category=config.category, locality=None
    )
    w = SimpleNamespace(config=config, locality=locality, person=person, asset=asset)
    client = _client(coordinator)

    # Act: the payload in each free-text field in turn, everything else valid.
    for spec in FIELDS:
        url = spec.url(w)
        response = client.post(url, {**spec.data(w), spec.key: payload})
        where = f"{spec.key} on {url}"
        if _accepted(payload, spec):
            assert response.status_code == 302, (where, response.status_code)
        else:
            assert response.status_code == 200, where
            errors = _field_errors(response, spec.key)
            assert errors, where
            if "\x00" in payload:
                assert errors == ["Null characters are not allowed."], where
            _assert_safe_html(response, where)
    # Close the episode with the payload-named reason, for the closing reasons figures.
    response = client.post(
        reverse("people:introduction_close", args=[person.pk]),
        {"closed_on": TODAY.isoformat(), "reason": config.reason.pk},
    )
    assert response.status_code == 302
    OutcomeStory.objects.update(featured=True)

    # Assert: read back by the coordinator...
    pages = [
        reverse("people:person_list"),
        reverse("people:caseload"),
        reverse("localities:asset_list") + "?active=all",
        *[p.get_absolute_url() for p in Person.objects.filter(locality=locality)],
        *[a.get_absolute_url() for a in locality.assets.all()],
        asset.get_absolute_url(),
    ]
    for page in pages:
        _assert_safe_html(client.get(page), page)
    person_page = _assert_safe_html(client.get(person.get_absolute_url()), "person page")
    if payload == "<script>alert(1)</script>":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in person_page

    # ...and by the manager, on the dashboard, the report and every CSV export.
    boss = _client(manager)
    for page in (
        reverse("reporting:dashboard"),
        reverse("reporting:report"),
        reverse("people:caseload_overview"),
    ):
        _assert_safe_html(boss.get(page), page)
    exported = []
    for key in tables.BUILDERS:
        rows = _csv_rows(boss.get(reverse("reporting:dashboard"), {"format": "csv", "table": key}))
        exported += [cell for row in rows for cell in row]
        for cell in (cell for row in rows for cell in row):
            # Figures stay numbers (a negative mean change is "-0.5"); text never starts so.
            assert not cell.startswith(FORMULA_STARTS) or _is_number(cell), (key, cell[:40])
    if payload.startswith(FORMULA_STARTS):
        # Every configured name reached an export, neutralised by a leading apostrophe.
        assert "'" + config.source.name in exported
        assert "'" + config.category.name in exported
        assert "'" + config.outcome_type.name in exported


@pytest.mark.parametrize("payload", CORPUS)
def test_hostile_text_in_searches_and_filters_is_never_a_500(
    payload, config, episode, coordinator, manager
):
    client, boss = _client(coordinator), _client(manager)
    searches = [
        (client, reverse("people:person_list"), {"q": payload}),
        (client, reverse("people:person_list"), {"locality": payload}),
        (client, reverse("people:caseload"), {"q": payload, "flag": payload}),
        (client, reverse("people:caseload"), {"support_level": payload, "page": payload}),
        (client, reverse("localities:asset_list"), {"q": payload, "active": "all"}),
        (client, reverse("localities:asset_list"), {"locality": payload, "theme": payload}),
        (client, reverse("people:connection_new", args=[episode.person_id]), {"asset": payload}),
        (boss, reverse("reporting:dashboard"), {"scope": payload, "period": payload}),
        (boss, reverse("reporting:dashboard"), {"period": "custom", "start": payload}),
        (boss, reverse("reporting:report"), {"scope": payload, "end": payload}),
    ]

    for who, url, params in searches:
        _assert_safe_html(who.get(url, params), f"{url} {sorted(params)}")

    response = boss.get(reverse("reporting:dashboard"), {"format": "csv", "table": payload})
    assert response.status_code == 404
    # "+1" and "-1" are numbers: a colleague's id, or no one.
    response = client.get(reverse("people:caseload"), {"coordinator": payload})
    assert response.status_code in (200, 404)


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


CURSORS = [
    pytest.param("not a cursor", id="garbage"),
    pytest.param(_cursor('["Riverside", "Rita", Infinity]'), id="infinity"),
    pytest.param(_cursor('["Riverside", "Rita", NaN]'), id="nan"),
    pytest.param(_cursor('["Riverside", "Rita", 1e400]'), id="float-overflow"),
    pytest.param(_cursor(f'["Riverside", "Rita", {2**80}]'), id="huge-int"),
    pytest.param(_cursor('["nul\\u0000", "Rita", 1]'), id="nul"),
    pytest.param(_cursor('["9999-12-31", Infinity]'), id="date-infinity"),
    pytest.param(_cursor('["0000-00-00", 1]'), id="bad-date"),
    pytest.param(_cursor("[" * 5000 + "]" * 5000), id="deep-nesting"),
    pytest.param(_cursor('{"a": 1}'), id="object"),
]


@pytest.mark.parametrize("cursor", CURSORS)
def test_a_forged_page_cursor_gives_a_page_not_a_500(cursor, episode, coordinator, manager, person):
    factories.ContactFactory(introduction=episode, contact_on=TODAY - dt.timedelta(3))
    factories.OutcomeStoryFactory(person=person)
    client, boss = _client(coordinator), _client(manager)
    pages = [
        (client, reverse("people:person_list")),
        (client, reverse("people:contact_list")),
        (boss, reverse("outcomes:story_list")),
    ]

    for who, url in pages:
        for direction in ("after", "before"):
            _assert_safe_html(who.get(url, {direction: cursor}), f"{url}?{direction}")


def test_featuring_a_story_never_redirects_off_site(manager, person):
    story = factories.OutcomeStoryFactory(person=person, consent="named")
    boss = _client(manager)

    # "0" and a URL name used to reach redirect() as a view name: NoReverseMatch, a 500.
    for target in (
        "https://evil.example/",
        "//evil.example/",
        "javascript:alert(1)",
        "0",
        "people:person_detail",
    ):
        response = boss.post(
            reverse("outcomes:story_feature", args=[story.pk]), {"featured": "1", "next": target}
        )
        assert (response.status_code, response.url) == (302, reverse("outcomes:story_list"))
