"""Who may open which page: every URL pattern, every persona, GET and an empty POST.

REGISTRY below must name every route the resolver knows (the admin aside: it has its own
staff checks, covered separately). A new route without an entry fails
`test_every_route_is_in_the_registry`, so its access rules get written down before it ships.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from localities.models import Locality
from outcomes.models import Consent
from reporting import tables
from reporting.periods import Scope, last_12_months
from reporting.publish import published_report_create
from tests import factories

TODAY = dt.date.today()

ANONYMOUS = "anonymous"
COORDINATOR = "coordinator"  # covers Riverside
OUTSIDER = "outsider"  # a coordinator covering Hilltop only
MANAGER = "manager"  # manages Riverside
OTHER_MANAGER = "other_manager"  # manages Hilltop only
ADMINISTRATOR = "administrator"  # covers all, staff, Administrator group
DEACTIVATED = "deactivated"  # a Riverside coordinator with is_active=False, force_login'd

ROLES = (ANONYMOUS, COORDINATOR, OUTSIDER, MANAGER, OTHER_MANAGER, ADMINISTRATOR, DEACTIVATED)
SIGNED_IN = frozenset({COORDINATOR, OUTSIDER, MANAGER, OTHER_MANAGER, ADMINISTRATOR})
RECORDING = SIGNED_IN  # every role holds the recording permissions
MANAGERS = frozenset({MANAGER, OTHER_MANAGER})
# Who does not cover Riverside: a Riverside-bound page is a 404 for them.
OUTSIDE_RIVERSIDE = frozenset({OUTSIDER, OTHER_MANAGER})


@dataclass(frozen=True)
class Route:
    """How to reach a route, who may, and what an allowed user gets.

    `get` / `post` are the status an allowed user gets for a GET, and for a POST with
    empty data; a dict gives it per role as (status, redirect target). `bound` routes
    point at a Riverside record, so users who do not cover Riverside get a 404.
    """

    kwargs: Callable[[SimpleNamespace], dict] = lambda w: {}
    allowed: frozenset[str] = RECORDING
    get: int | tuple | dict = 200
    post: int | tuple | dict = 200
    bound: bool = False
    public: bool = False
    # What a signed-in user gets on a public route, when it differs from anonymous.
    signed_in: dict = field(default_factory=dict)
    # require_POST wraps the permission check: any signed-in user's GET is a 405.
    post_only: bool = False
    # The context name of the form an empty POST shows again with "required" errors.
    form: str | None = None


def _person(w):
    return {"pk": w.person.pk}


def _only(locality) -> Scope:
    """One locality over the last twelve months: what a published report covers here."""
    return Scope(Locality.objects.filter(pk=locality.pk), last_12_months(TODAY), locality.name)


def _closed_person(w):
    return {"pk": w.closed_person.pk}


REGISTRY: dict[str, Route] = {
    # lac
    "home": Route(
        allowed=SIGNED_IN,
        get={
            COORDINATOR: (302, "/people/caseload/"),
            OUTSIDER: (302, "/people/caseload/"),
            MANAGER: (302, "/reports/dashboard/"),
            OTHER_MANAGER: (302, "/reports/dashboard/"),
            ADMINISTRATOR: (302, "/admin/"),
        },
        post={
            COORDINATOR: (302, "/people/caseload/"),
            OUTSIDER: (302, "/people/caseload/"),
            MANAGER: (302, "/reports/dashboard/"),
            OTHER_MANAGER: (302, "/reports/dashboard/"),
            ADMINISTRATOR: (302, "/admin/"),
        },
    ),
    "favicon.ico": Route(
        public=True,
        get=(301, "/static/img/favicon.svg"),
        post=(301, "/static/img/favicon.svg"),
    ),
    "login": Route(
        public=True,
        get=200,
        post=200,  # the form again, with "this field is required"
        form="form",
        # redirect_authenticated_user: a signed-in user is sent home.
        signed_in={"get": (302, "/"), "post": (302, "/")},
    ),
    "logout": Route(allowed=SIGNED_IN, get=405, post=(302, "/login/")),
    "bench_control": Route(allowed=SIGNED_IN),
    # people
    "people:person_list": Route(),
    "people:caseload": Route(),
    "people:contact_list": Route(),
    "people:introduction_new": Route(form="person_form"),
    "people:person_detail": Route(_person, bound=True),
    "people:person_edit": Route(_person, bound=True, form="form"),
    "people:person_subject_access": Route(_person, allowed=MANAGERS | {ADMINISTRATOR}, bound=True),
    # Someone with no open episode, so the form shows rather than "already open".
    "people:introduction_again": Route(_closed_person, bound=True, form="form"),
    "people:introduction_edit": Route(_person, bound=True, form="form"),
    "people:support_level": Route(_person, bound=True, form="form"),
    "people:introduction_close": Route(_person, bound=True, form="form"),
    "people:contact_new": Route(_person, bound=True, form="form"),
    "people:connection_new": Route(_person, bound=True, form="form"),
    "people:connection_update": Route(lambda w: {"pk": w.connection.pk}, bound=True, form="form"),
    "people:contact_edit": Route(lambda w: {"pk": w.contact.pk}, bound=True, form="form"),
    "people:caseload_overview": Route(allowed=MANAGERS),
    "people:caseload_transfer": Route(
        lambda w: {"user_id": w.coordinator.pk}, allowed=MANAGERS, bound=True, form="form"
    ),
    # The audit trail: administrators only; filters are GET parameters, so a POST shows it too.
    "people:audit_list": Route(allowed=frozenset({ADMINISTRATOR})),
    # localities
    "localities:asset_list": Route(),
    "localities:asset_new": Route(form="form"),
    "localities:asset_detail": Route(lambda w: {"pk": w.asset.pk}, bound=True),
    "localities:asset_edit": Route(lambda w: {"pk": w.asset.pk}, bound=True, form="form"),
    # outcomes: the dashboard pages work on GET parameters, so a POST shows them too.
    "reporting:dashboard": Route(allowed=MANAGERS),
    "reporting:report": Route(allowed=MANAGERS),
    "reporting:how_we_count": Route(allowed=MANAGERS),
    "reporting:published_list": Route(allowed=MANAGERS),
    # An empty POST publishes nothing and goes back to the report page, saying why.
    "reporting:published_new": Route(
        allowed=MANAGERS, post_only=True, post=(302, "/reports/impact/")
    ),
    "reporting:published_detail": Route(
        lambda w: {"pk": w.published.pk}, allowed=MANAGERS, bound=True
    ),
    "outcomes:outcome_new": Route(_person, bound=True, form="form"),
    "outcomes:outcome_edit": Route(lambda w: {"pk": w.outcome.pk}, bound=True, form="form"),
    # GET asks to confirm; a POST without the version the page showed asks again.
    "outcomes:outcome_remove": Route(lambda w: {"pk": w.outcome.pk}, bound=True),
    "outcomes:story_edit": Route(lambda w: {"pk": w.story.pk}, bound=True, form="form"),
    "outcomes:story_new": Route(_person, bound=True, form="form"),
    "outcomes:community_story_new": Route(form="form"),
    "outcomes:story_list": Route(allowed=MANAGERS),
    # An empty POST un-features the story, then goes back to the list.
    "outcomes:story_feature": Route(
        lambda w: {"pk": w.story.pk},
        allowed=MANAGERS,
        bound=True,
        post_only=True,
        post=(302, "/outcomes/stories/"),
    ),
    "outcomes:wellbeing_new": Route(_person, bound=True, form="form"),
    "outcomes:wellbeing_edit": Route(lambda w: {"pk": w.check.pk}, bound=True, form="form"),
    "outcomes:wellbeing_remove": Route(lambda w: {"pk": w.check.pk}, bound=True),
}


def _walk(patterns, namespace: str = "", prefix: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = ":".join(n for n in (namespace, entry.namespace) if n)
            yield from _walk(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            if entry.name:
                yield ":".join(n for n in (namespace, entry.name) if n)
            else:
                yield prefix + str(entry.pattern)


def route_names() -> list[str]:
    return list(_walk(get_resolver().url_patterns))


def test_every_route_is_in_the_registry():
    names = route_names()

    assert sorted(set(names) - set(REGISTRY)) == [], "register these routes in REGISTRY"
    assert sorted(set(REGISTRY) - set(names)) == [], "these REGISTRY entries are gone"
    assert len(names) == len(set(names)), "two routes share a name"


def expected(name: str, role: str, method: str) -> tuple[int, str | None]:
    """(status, redirect target or None) for one route, persona and method."""
    route = REGISTRY[name]
    signed_in = role in SIGNED_IN
    if route.public:
        outcome = route.signed_in.get(method) if signed_in else None
        outcome = outcome or getattr(route, method)
    elif not signed_in:
        # Anonymous, and deactivated users (their session no longer authenticates).
        return 302, "login"
    elif route.post_only and method == "get":
        return 405, None
    elif role not in route.allowed:
        return 403, None
    elif route.bound and role in OUTSIDE_RIVERSIDE:
        return 404, None
    else:
        outcome = getattr(route, method)
    if isinstance(outcome, dict):
        outcome = outcome[role]
    return outcome if isinstance(outcome, tuple) else (outcome, None)


EMPTY_FORM = {"csrfmiddlewaretoken": "x"}

CASES = [
    pytest.param(name, role, method, id=f"{name}-{role}-{method}")
    for name in REGISTRY
    for role in ROLES
    for method in ("get", "post")
]


@pytest.fixture
def world(locality, other_locality, coordinator, outsider, manager, administrator, person):
    intro = factories.IntroductionFactory(person=person, introduced_on=TODAY - dt.timedelta(20))
    closed_person = factories.PersonFactory(
        first_name="Carl", locality=locality, lead_coordinator=coordinator
    )
    factories.IntroductionFactory(
        person=closed_person,
        introduced_on=TODAY - dt.timedelta(60),
        closed_on=TODAY - dt.timedelta(30),
        closing_reason=factories.ClosingReasonFactory(),
    )
    asset = factories.CommunityAssetFactory(name="Riverside Allotments", locality=locality)
    connection = factories.ConnectionFactory(person=person, asset=asset, introduction=intro)
    story = factories.OutcomeStoryFactory(person=person, consent=Consent.NAMED, featured=True)
    contact = factories.ContactFactory(introduction=intro, contact_on=TODAY - dt.timedelta(10))
    outcome = factories.OutcomeFactory(person=person, introduction=intro)
    check = factories.WellbeingCheckFactory(person=person, introduction=intro)
    published = published_report_create(scope=_only(locality), by=manager)
    return SimpleNamespace(
        published=published,
        outcome=outcome,
        check=check,
        story=story,
        contact=contact,
        person=person,
        closed_person=closed_person,
        asset=asset,
        connection=connection,
        coordinator=coordinator,
        users={
            COORDINATOR: coordinator,
            OUTSIDER: outsider,
            MANAGER: manager,
            OTHER_MANAGER: factories.ManagerFactory(
                username="hal", first_name="Hal", localities=[other_locality]
            ),
            ADMINISTRATOR: administrator,
            DEACTIVATED: factories.CoordinatorFactory(
                username="dee", first_name="Dee", localities=[locality], is_active=False
            ),
        },
    )


def _client(world, role: str) -> Client:
    client = Client()
    client.raise_request_exception = False
    if role != ANONYMOUS:
        client.force_login(world.users[role])
    return client


def _path(name: str, world) -> str:
    if "/" in name or "." in name:  # an unnamed route, registered by its path
        return "/" + name
    return reverse(name, kwargs=REGISTRY[name].kwargs(world))


@pytest.mark.parametrize(("name", "role", "method"), CASES)
def test_access(world, name, role, method):
    path = _path(name, world)
    client = _client(world, role)

    # A browser submitting an empty form still sends the CSRF token (the test client does
    # not check it); a POST with no fields at all is shown as a fresh, unbound form.
    response = getattr(client, method)(path, EMPTY_FORM if method == "post" else None)

    status, target = expected(name, role, method)
    assert response.status_code == status, f"{method.upper()} {path} as {role}"
    if target == "login":
        assert response.url == f"/login/?next={path}"
    elif target is not None:
        assert response.url == target
    form = REGISTRY[name].form
    if method == "post" and status == 200 and form:
        assert response.context[form].errors, "an empty form must say what is missing"


@pytest.mark.parametrize(
    "role", [COORDINATOR, MANAGER, OUTSIDER, OTHER_MANAGER], ids=lambda role: role
)
def test_admin_sends_non_staff_users_to_the_admin_login(world, role):
    response = _client(world, role).get("/admin/")

    assert (response.status_code, response.url) == (302, "/admin/login/?next=/admin/")


def test_admin_opens_for_an_administrator(world):
    assert _client(world, ADMINISTRATOR).get("/admin/").status_code == 200


def test_admin_sends_a_deactivated_user_to_a_login(world):
    response = _client(world, DEACTIVATED).get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith(("/admin/login/", "/login/"))


# Leaks: Hilltop's records must never show on any list-like page a Riverside user opens.

MARKERS = ("Hidden", "Hilltopper", "Hilltop Secret Garden", "Hilltop story")


@pytest.fixture
def hilltop(other_locality, outsider):
    """Hilltop's records, made before anything in Riverside, sharing Riverside's themes."""
    theme = factories.ThemeFactory(name="Loneliness")
    category = factories.AssetCategoryFactory(name="Gardens")
    source = factories.ReferralSourceFactory(name="GP surgery")
    reason = factories.ClosingReasonFactory(name="Goals met")
    outcome_type = factories.OutcomeTypeFactory(name="Started volunteering")
    hidden = factories.PersonFactory(
        first_name="Hidden",
        last_name="Hilltopper",
        postcode="HT1 1HT",
        locality=other_locality,
        lead_coordinator=outsider,
    )
    intro = factories.IntroductionFactory(
        person=hidden,
        referral_source=source,
        introduced_on=TODAY - dt.timedelta(40),
        introducer="Hilltopper's GP",
        what_is_happening="Hidden Hilltopper is lonely",
    )
    intro.themes.set([theme])
    factories.ContactFactory(introduction=intro, contact_on=TODAY - dt.timedelta(30))
    garden = factories.CommunityAssetFactory(
        name="Hilltop Secret Garden",
        description="Hilltop Secret Garden volunteers",
        category=category,
        locality=other_locality,
    )
    garden.themes.set([theme])
    area_wide = factories.CommunityAssetFactory(
        name="Borough Walking Group", category=category, locality=None
    )
    area_wide.themes.set([theme])
    factories.ConnectionFactory(
        person=hidden,
        asset=area_wide,
        introduction=intro,
        status="connected",
        suggested_on=TODAY - dt.timedelta(20),
        connected_on=TODAY - dt.timedelta(10),
    )
    factories.ConnectionFactory(person=hidden, asset=garden, introduction=intro)
    factories.OutcomeFactory(
        person=hidden, outcome_type=outcome_type, note="Hidden Hilltopper volunteers"
    )
    factories.OutcomeStoryFactory(
        person=hidden,
        title="Hilltop story",
        text="Hidden Hilltopper found the Hilltop Secret Garden.",
        consent=Consent.NAMED,
        featured=True,
        told_on=TODAY - dt.timedelta(5),
    )
    factories.WellbeingCheckFactory(person=hidden)
    # Published by whoever covers Hilltop: its snapshot holds the story and its names.
    published_report_create(scope=_only(other_locality), by=outsider)
    return SimpleNamespace(
        person=hidden,
        garden=garden,
        area_wide=area_wide,
        theme=theme,
        category=category,
        source=source,
        reason=reason,
        outcome_type=outcome_type,
    )


@pytest.fixture
def riverside(hilltop, locality, coordinator, manager, person):
    """Riverside's records, made after Hilltop's, using the same configuration."""
    intro = factories.IntroductionFactory(
        person=person, referral_source=hilltop.source, introduced_on=TODAY - dt.timedelta(30)
    )
    intro.themes.set([hilltop.theme])
    factories.ContactFactory(introduction=intro, contact_on=TODAY - dt.timedelta(20))
    allotment = factories.CommunityAssetFactory(
        name="Riverside Allotments", category=hilltop.category, locality=locality
    )
    allotment.themes.set([hilltop.theme])
    factories.ConnectionFactory(
        person=person,
        asset=hilltop.area_wide,
        introduction=intro,
        status="connected",
        suggested_on=TODAY - dt.timedelta(20),
        connected_on=TODAY - dt.timedelta(10),
    )
    factories.OutcomeFactory(person=person, outcome_type=hilltop.outcome_type)
    factories.OutcomeStoryFactory(
        person=person,
        title="Riverside story",
        consent=Consent.NAMED,
        featured=True,
        told_on=TODAY - dt.timedelta(5),
    )
    closed = factories.PersonFactory(
        first_name="Clara", last_name="Closed", locality=locality, lead_coordinator=coordinator
    )
    factories.IntroductionFactory(
        person=closed,
        referral_source=hilltop.source,
        introduced_on=TODAY - dt.timedelta(90),
        closed_on=TODAY - dt.timedelta(60),
        closing_reason=hilltop.reason,
    )
    return SimpleNamespace(person=person, allotment=allotment)


def _list_pages(hilltop, riverside) -> list[str]:
    """Every list-like page a coordinator can open, with searches and filters."""
    person = riverside.person
    return [
        reverse("people:caseload"),
        # Searches use prefixes of the markers: the search box shows what was typed.
        reverse("people:caseload") + "?q=Hidd",
        reverse("people:caseload") + "?q=Hilltopp&support_level=information",
        reverse("people:caseload") + "?flag=awaiting",
        reverse("people:person_list"),
        reverse("people:person_list") + "?q=Hidd",
        reverse("people:person_list") + "?q=Hilltopp",
        reverse("people:person_list") + "?q=HT1+1HT",
        reverse("people:person_list") + "?q=H",
        reverse("people:contact_list"),
        reverse("people:contact_list") + "?mode=in_person",
        reverse("localities:asset_list"),
        reverse("localities:asset_list") + "?q=Hillto",
        reverse("localities:asset_list") + "?q=Secre&active=all",
        reverse("localities:asset_list") + "?locality=area-wide",
        reverse("localities:asset_list") + f"?theme={hilltop.theme.pk}&active=all",
        reverse("localities:asset_list") + f"?category={hilltop.category.pk}",
        reverse("localities:asset_list") + f"?locality={hilltop.garden.locality_id}",
        reverse("people:person_detail", args=[person.pk]),
        reverse("people:connection_new", args=[person.pk]),
        reverse("localities:asset_detail", args=[hilltop.area_wide.pk]),
        reverse("localities:asset_detail", args=[riverside.allotment.pk]),
        reverse("outcomes:community_story_new"),
        reverse("people:introduction_new"),
    ]


def _scopes(client) -> list[str]:
    form = client.get(reverse("reporting:dashboard")).context["form"]
    values = []
    for value, label in form.fields["scope"].choices:
        if isinstance(label, list | tuple):  # an optgroup: (group name, choices)
            values.extend(choice for choice, _ in label)
        else:
            values.append(value)
    return values


def _assert_no_markers(content: str, where: str) -> None:
    for marker in MARKERS:
        assert marker not in content, f"{marker!r} leaked on {where}"


def test_coordinator_sees_nothing_of_another_locality_on_any_list(
    client_for, coordinator, hilltop, riverside
):
    client = client_for(coordinator)

    for path in _list_pages(hilltop, riverside):
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_no_markers(response.content.decode(), path)
    # The Riverside records are there: the pages did show data.
    assert "Riverside Allotments" in client.get(reverse("localities:asset_list")).content.decode()
    assert "Rita" in client.get(reverse("people:caseload")).content.decode()


def test_coordinator_cannot_open_another_coordinators_caseload_elsewhere(
    client_for, coordinator, outsider, hilltop, riverside
):
    response = client_for(coordinator).get(
        reverse("people:caseload") + f"?coordinator={outsider.pk}"
    )

    assert response.status_code == 404
    _assert_no_markers(response.content.decode(), "caseload of the outsider")


def test_manager_sees_nothing_of_another_locality_on_any_page_or_export(
    client_for, manager, hilltop, riverside
):
    client = client_for(manager)
    scopes = _scopes(client)
    assert len(scopes) == 3  # all, North District, Riverside
    pages = [
        *_list_pages(hilltop, riverside),
        reverse("people:caseload_overview"),
        reverse("reporting:how_we_count"),
        reverse("outcomes:story_list"),
        reverse("outcomes:story_list") + "?featured=1",
        reverse("outcomes:story_list") + f"?locality={hilltop.garden.locality_id}",
        reverse("reporting:published_list"),
    ]
    for scope in scopes:
        for period in ("last12", f"fy:{TODAY.year if TODAY.month >= 4 else TODAY.year - 1}"):
            query = f"?scope={scope}&period={period}"
            pages += [reverse("reporting:dashboard") + query, reverse("reporting:report") + query]

    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_no_markers(response.content.decode(), path)

    report = client.get(reverse("reporting:report") + "?scope=all").content.decode()
    assert "Riverside story" in report


def test_manager_csv_exports_hold_nothing_of_another_locality(
    client_for, manager, hilltop, riverside
):
    client = client_for(manager)

    for scope in _scopes(client):
        for key in tables.BUILDERS:
            path = reverse("reporting:dashboard") + f"?scope={scope}&format=csv&table={key}"
            response = client.get(path)
            assert response.status_code == 200, path
            assert response["Content-Type"].startswith("text/csv")
            content = b"".join(response.streaming_content).decode()
            _assert_no_markers(content, path)
            assert "Hilltop" not in content, path  # not even the locality's name
            assert list(csv.reader(io.StringIO(content)))[0], path


def test_dashboard_refuses_a_scope_of_another_locality(client_for, manager, hilltop, riverside):
    other = f"locality:{hilltop.garden.locality_id}"

    response = client_for(manager).get(reverse("reporting:dashboard") + f"?scope={other}")
    csv_response = client_for(manager).get(
        reverse("reporting:dashboard") + f"?scope={other}&format=csv&table=summary"
    )

    assert response.status_code == 200
    assert response.context["form"].errors["scope"]
    _assert_no_markers(response.content.decode(), "dashboard with another scope")
    assert csv_response["Content-Type"].startswith("text/html")


def test_transfer_page_lists_no_one_from_another_locality(
    client_for, manager, coordinator, hilltop, riverside
):
    response = client_for(manager).get(
        reverse("people:caseload_transfer", kwargs={"user_id": coordinator.pk})
    )

    assert response.status_code == 200
    content = response.content.decode()
    _assert_no_markers(content, "caseload transfer")
    assert "Olive" not in content  # Hilltop's coordinator is no target for Riverside people
