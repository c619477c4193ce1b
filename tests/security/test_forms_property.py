"""Whatever arrives in a form's fields, its view answers without a server error.

Hypothesis draws values for each form's field names (arbitrary unicode, impossible
dates, huge numbers, and the real ids and choices, so that some examples get past
validation) and posts them through the view, as the user who normally sends it.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django import forms
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from people.forms import PersonForm
from people.models import AREAS_OF_SUPPORT
from tests import factories

TODAY = dt.date.today()

WEIRD = [
    "31/02/2026",
    "0000-00-00",
    "2026-13-01",
    "2026-02-30",
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "29/02/2025",
    "2026-06-15T25:61",
    "-1",
    "0",
    "1e309",
    "NaN",
    "99999999999999999999",
    "-99999999999999999999",
    "1.5",
    " ",
    "\x00",
    "\u202e",
    "a" * 5000,
]

PERSON_FIELDS = [*PersonForm.Meta.fields, "version"]
NEW_PERSON_FIELDS = [
    "first_name",
    "last_name",
    "date_of_birth",
    "phone",
    "email",
    "postcode",
    "locality",
    "consent_recorded_on",
]
INTRO_FIELDS = [
    "referral_source",
    "introducer",
    "introduced_on",
    "what_is_happening",
    "themes",
    "support_level",
    "next_step",
]
ASSET_FIELDS = [
    "name",
    "category",
    "locality",
    "themes",
    "description",
    "contact_details",
    "developed_with_lac",
    "developed_on",
    "active",
]

# form name: (who sends it, method, URL from the records, field names)
FORMS = {
    "introduction_new": (
        "coordinator",
        "post",
        lambda w: reverse("people:introduction_new"),
        [f"person-{f}" for f in NEW_PERSON_FIELDS]
        + [f"intro-{f}" for f in INTRO_FIELDS]
        + ["not_a_duplicate"],
    ),
    "introduction_again": (
        "coordinator",
        "post",
        lambda w: reverse("people:introduction_again", args=[w.closed_person.pk]),
        INTRO_FIELDS,
    ),
    "person_edit": (
        "coordinator",
        "post",
        lambda w: reverse("people:person_edit", args=[w.person.pk]),
        PERSON_FIELDS,
    ),
    "introduction_edit": (
        "coordinator",
        "post",
        lambda w: reverse("people:introduction_edit", args=[w.person.pk]),
        [*INTRO_FIELDS, "version"],
    ),
    "contact": (
        "coordinator",
        "post",
        lambda w: reverse("people:contact_new", args=[w.person.pk]),
        ["contact_on", "minutes", "mode", *(f for f, _ in AREAS_OF_SUPPORT)]
        + ["note", "next_step", "next"],
    ),
    "support_level": (
        "coordinator",
        "post",
        lambda w: reverse("people:support_level", args=[w.person.pk]),
        ["support_level", "changed_on"],
    ),
    "close": (
        "coordinator",
        "post",
        lambda w: reverse("people:introduction_close", args=[w.person.pk]),
        ["closed_on", "reason"],
    ),
    "connection_new": (
        "coordinator",
        "post",
        lambda w: reverse("people:connection_new", args=[w.person.pk]),
        ["asset", "suggested_on", "note", "connect_now"],
    ),
    "connection_update": (
        "coordinator",
        "post",
        lambda w: reverse("people:connection_update", args=[w.connection.pk]),
        ["action", "on"],
    ),
    "outcome": (
        "coordinator",
        "post",
        lambda w: reverse("outcomes:outcome_new", args=[w.person.pk]),
        ["outcome_type", "achieved_on", "quantity", "note"],
    ),
    "outcome_edit": (
        "coordinator",
        "post",
        lambda w: reverse("outcomes:outcome_edit", args=[w.outcome.pk]),
        ["outcome_type", "achieved_on", "quantity", "note", "version"],
    ),
    "story_edit": (
        "coordinator",
        "post",
        lambda w: reverse("outcomes:story_edit", args=[w.story.pk]),
        ["title", "text", "level", "themes", "consent", "told_on", "version", "next"],
    ),
    "wellbeing_edit": (
        "coordinator",
        "post",
        lambda w: reverse("outcomes:wellbeing_edit", args=[w.check.pk]),
        ["checked_on", "life_satisfaction", "worthwhile", "happiness", "anxiety", "version"],
    ),
    "story": (
        "coordinator",
        "post",
        lambda w: reverse("outcomes:story_new", args=[w.person.pk]),
        ["title", "text", "level", "themes", "consent", "told_on"],
    ),
    "community_story": (
        "coordinator",
        "post",
        lambda w: reverse("outcomes:community_story_new"),
        ["locality", "title", "text", "level", "themes", "consent", "told_on"],
    ),
    "wellbeing": (
        "coordinator",
        "post",
        lambda w: reverse("outcomes:wellbeing_new", args=[w.person.pk]),
        ["checked_on", "life_satisfaction", "worthwhile", "happiness", "anxiety"],
    ),
    "asset_new": ("coordinator", "post", lambda w: reverse("localities:asset_new"), ASSET_FIELDS),
    "asset_edit": (
        "coordinator",
        "post",
        lambda w: reverse("localities:asset_edit", args=[w.asset.pk]),
        [*ASSET_FIELDS, "version"],
    ),
    "caseload_transfer": (
        "manager",
        "post",
        lambda w: reverse("people:caseload_transfer", args=[w.coordinator.pk]),
        ["everyone", "introductions", "to"],
    ),
    "dashboard_filters": (
        "manager",
        "get",
        lambda w: reverse("reporting:dashboard"),
        ["scope", "period", "start", "end", "format", "table"],
    ),
    "report_filters": (
        "manager",
        "get",
        lambda w: reverse("reporting:report"),
        ["scope", "period", "start", "end"],
    ),
    "publish": (
        "manager",
        "post",
        lambda w: reverse("reporting:published_new"),
        ["scope", "period", "start", "end", "form_token"],
    ),
    "published_list": (
        "manager",
        "get",
        lambda w: reverse("reporting:published_list"),
        ["after", "before"],
    ),
    "caseload_filters": (
        "coordinator",
        "get",
        lambda w: reverse("people:caseload"),
        ["q", "locality", "support_level", "flag", "coordinator", "page"],
    ),
    "people_search": (
        "coordinator",
        "get",
        lambda w: reverse("people:person_list"),
        ["q", "locality", "after", "before"],
    ),
    "contact_filters": (
        "coordinator",
        "get",
        lambda w: reverse("people:contact_list"),
        ["locality", "mode", "recorded_by_me", "after", "before"],
    ),
    "story_filters": (
        "manager",
        "get",
        lambda w: reverse("outcomes:story_list"),
        ["locality", "featured", "after", "before"],
    ),
    "story_feature": (
        "manager",
        "post",
        lambda w: reverse("outcomes:story_feature", args=[w.story.pk]),
        ["featured", "next"],
    ),
    "asset_filters": (
        "coordinator",
        "get",
        lambda w: reverse("localities:asset_list"),
        ["q", "locality", "category", "theme", "active", "page"],
    ),
}


@pytest.fixture
def world(locality, other_locality, coordinator, colleague, manager, person):
    source = factories.ReferralSourceFactory(name="GP surgery")
    theme = factories.ThemeFactory(name="Loneliness")
    intro = factories.IntroductionFactory(
        person=person, referral_source=source, introduced_on=TODAY - dt.timedelta(30)
    )
    intro.themes.set([theme])
    factories.ContactFactory(introduction=intro, contact_on=TODAY - dt.timedelta(20))
    asset = factories.CommunityAssetFactory(name="Riverside Allotments", locality=locality)
    asset.themes.set([theme])
    connection = factories.ConnectionFactory(
        person=person, asset=asset, introduction=intro, suggested_on=TODAY - dt.timedelta(10)
    )
    closed_person = factories.PersonFactory(locality=locality, lead_coordinator=coordinator)
    reason = factories.ClosingReasonFactory(name="Goals met")
    outcome_type = factories.OutcomeTypeFactory(name="Started volunteering")
    w = SimpleNamespace(
        story=factories.OutcomeStoryFactory(person=person, featured=True, consent="named"),
        outcome=factories.OutcomeFactory(person=person, introduction=intro),
        check=factories.WellbeingCheckFactory(person=person, introduction=intro),
        person=person,
        closed_person=closed_person,
        asset=asset,
        connection=connection,
        coordinator=coordinator,
    )
    # Real ids and choices, so some examples pass validation and reach the database.
    ids = [
        locality.pk,
        other_locality.pk,
        coordinator.pk,
        colleague.pk,
        source.pk,
        theme.pk,
        asset.pk,
        reason.pk,
        outcome_type.pk,
        intro.pk,
        asset.category_id,
    ]
    w.plausible = [
        *map(str, ids),
        *[str(n) for n in range(11)],
        "/people/",
        "//evil.example/",
        TODAY.isoformat(),
        TODAY.strftime("%d/%m/%Y"),
        (TODAY - dt.timedelta(days=5)).isoformat(),
        "on",
        "",
        "information",
        "walking_alongside",
        "in_person",
        "attempted",
        "connect",
        "end",
        "individual",
        "community",
        "named",
        "anonymised",
        "none",
        "all",
        "active",
        "inactive",
        "area-wide",
        "awaiting",
        "no_contact",
        "caseload",
        "last12",
        "custom",
        "csv",
        "summary",
        "needs",
        f"locality:{locality.pk}",
        f"locality:{other_locality.pk}",
        "district:North District",
        f"fy:{TODAY.year - 1}",
    ]
    return w


def _values(world) -> st.SearchStrategy:
    one = st.one_of(st.text(), st.sampled_from(WEIRD), st.sampled_from(world.plausible))
    return st.one_of(one, st.lists(one, min_size=2, max_size=3))


@pytest.mark.parametrize("form_name", FORMS)
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_any_input_to_a_form_is_answered_without_a_server_error(
    client_for, world, coordinator, manager, form_name, data
):
    role, method, url, fields = FORMS[form_name]
    client = client_for(coordinator if role == "coordinator" else manager)
    values = _values(world)
    sent = data.draw(
        st.fixed_dictionaries({}, optional=dict.fromkeys(fields, values)), label="data"
    )

    # A view that raises fails here with its traceback (the client re-raises).
    response = getattr(client, method)(url(world), sent)

    assert response.status_code < 500
    assert response.status_code in (200, 302, 404), response.status_code


@pytest.mark.parametrize(
    ("start", "end", "refused"),
    [
        ("0001-01-01", "0001-12-31", True),
        ("9999-01-01", "9999-12-31", True),  # was an OverflowError counting months
        ("1899-12-31", "1900-01-31", True),
        ("1900-01-01", "1900-12-31", False),
        ("2100-01-01", "2100-12-31", False),
    ],
)
def test_dashboard_custom_period_at_the_ends_of_the_calendar_is_no_server_error(
    client_for, world, manager, start, end, refused
):
    client = client_for(manager)
    period = {"period": "custom", "start": start, "end": end}

    for url in (reverse("reporting:dashboard"), reverse("reporting:report")):
        response = client.get(url, period)
        assert response.status_code == 200
        assert bool(response.context["form"].errors) == refused
    export = client.get(
        reverse("reporting:dashboard"),
        {**period, "format": "csv", "table": "introductions_by_month"},
    )
    assert export.status_code == 200
    if not refused:
        assert b"".join(export.streaming_content).startswith(b"Month")


TOO_BIG = str(2**63)

# form: (who, URL, a multiple-choice field name)
MULTIPLE_CHOICE = {
    "introduction_new": ("coordinator", "people:introduction_new", "intro-themes"),
    "introduction_again": ("coordinator", "people:introduction_again", "themes"),
    "introduction_edit": ("coordinator", "people:introduction_edit", "themes"),
    "story": ("coordinator", "outcomes:story_new", "themes"),
    "community_story": ("coordinator", "outcomes:community_story_new", "themes"),
    "asset_new": ("coordinator", "localities:asset_new", "themes"),
    "asset_edit": ("coordinator", "localities:asset_edit", "themes"),
    "caseload_transfer": ("manager", "people:caseload_transfer", "introductions"),
}


@pytest.mark.parametrize("form_name", MULTIPLE_CHOICE)
def test_an_id_too_big_for_the_database_is_an_invalid_choice(
    client_for, world, coordinator, manager, form_name
):
    role, name, field = MULTIPLE_CHOICE[form_name]
    args = {
        "introduction_again": [world.closed_person.pk],
        "introduction_edit": [world.person.pk],
        "story": [world.person.pk],
        "asset_edit": [world.asset.pk],
        "caseload_transfer": [world.coordinator.pk],
    }.get(form_name, [])
    client = client_for(coordinator if role == "coordinator" else manager)

    response = client.post(reverse(name, args=args), {field: [TOO_BIG]})

    assert response.status_code == 200
    assert TOO_BIG in " ".join(_field_errors(response, field))


def _field_errors(response, key: str) -> list[str]:
    """The errors of the form field posted as `key`, in whichever form of the page has it."""
    contexts = response.context if isinstance(response.context, list) else [response.context]
    for value in (v for context in contexts for v in context.flatten().values()):
        if isinstance(value, forms.BaseForm):
            for name in value.fields:
                if value.add_prefix(name) == key:
                    return value.errors.get(name, [])
    raise AssertionError(f"no form in the page has a field {key}")
