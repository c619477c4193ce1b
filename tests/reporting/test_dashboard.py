"""The manager's dashboard: access, scoping, periods, figures, query count and CSV."""

import re
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from reporting.dashboard_views import csv_cell
from tests import factories

URL = reverse("reporting:dashboard")
FY = {"period": "fy:2025"}


def get(client, **params):
    return client.get(URL, params)


def csv_text(response) -> str:
    return b"".join(response.streaming_content).decode()


# Access


def test_anonymous_visitor_is_sent_to_login(client):
    response = get(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_coordinator_is_forbidden(client_for, coordinator):
    assert get(client_for(coordinator)).status_code == 403
    assert get(client_for(coordinator), format="csv", table="summary").status_code == 403
    assert client_for(coordinator).get(reverse("reporting:how_we_count")).status_code == 403


def test_manager_sees_the_figures_of_their_locality(client_for, manager, dataset):
    response = get(client_for(manager), **FY)
    assert response.status_code == 200
    summary = dict(response.context["summary"].rows)
    assert summary["Introductions"] == 4
    assert summary["People supported"] == 4
    assert response.context["scope"].label == "All my localities"


# Charts: drawn on the server, one renderer for the screen, paper and the PDF.


def _chart(page: str, title: str) -> str:
    return page.split(f'aria-label="Bar chart of {title};')[1].split("</svg>")[0]


def test_dashboard_draws_every_chart_as_svg_with_no_script(client_for, manager, dataset):
    page = get(client_for(manager), **FY).content.decode()

    assert re.findall(r'<svg class="svg-chart"[^>]* aria-label="Bar chart of ([^;"]+);', page) == [
        "introductions by month",
        "introductions by who introduced them",
        "introductions by support level when made",
        "closing reasons",
        "length of involvement",
        "contacts and hours by mode",
        "contacts and hours by area of support",
        "connections made by asset category",
        "outcomes by level and type",
        "outcomes by who introduced people",
    ]
    outcomes = _chart(page, "outcomes by level and type")
    assert "System · GP appointment avoided" in outcomes
    assert ">5</text>" in outcomes
    # Each chart keeps its accessible table, with the same figures.
    assert 'id="table-outcomes_by_type"' in page
    assert "<canvas" not in page
    assert "dashboard-charts" not in page
    assert not [src for src in re.findall(r'<script[^>]* src="([^"]+)"', page) if "chart" in src]


def test_a_long_period_charts_every_month(client_for, manager, dataset):
    page = get(
        client_for(manager), period="custom", start="2025-01-01", end="2026-03-31"
    ).content.decode()

    assert _chart(page, "introductions by month").count("<rect") == 15


def test_no_chart_script_is_shipped():
    assert finders.find("vendor/chartjs/chart.umd.min.js") is None
    assert finders.find("js/dashboard-charts.js") is None


# Scoping: Hilltop's records exist (dataset) and must not leak to Riverside's manager.


def test_manager_never_sees_another_localitys_figures_or_names(client_for, manager, dataset):
    response = get(client_for(manager), **FY)
    content = response.content.decode()
    assert "Hilltop" not in content
    assert "Hidden" not in content
    assert [row[0] for row in response.context["comparison"].rows] == ["Riverside"]
    assert response.context["estimate"].gross == 5200  # not Hilltop's 2 evictions


def test_another_localitys_id_is_a_form_error(client_for, manager, dataset, other_locality):
    response = get(client_for(manager), scope=f"locality:{other_locality.pk}", **FY)
    assert response.status_code == 200
    assert response.context["form"].errors["scope"]
    assert "scope" not in response.context
    assert "Hilltop" not in response.content.decode()


def test_another_localitys_csv_is_refused(client_for, manager, dataset, other_locality):
    response = get(
        client_for(manager), scope=f"locality:{other_locality.pk}", format="csv", table="summary"
    )
    assert response["Content-Type"].startswith("text/html")
    assert "Hilltop" not in response.content.decode()


def test_district_scope_keeps_to_visible_localities(client_for, dataset, locality, other_locality):
    everyone = factories.ManagerFactory(covers_all_localities=True)
    response = get(client_for(everyone), scope="district:South District", **FY)
    assert response.context["scope"].label == "South District"
    assert [row[0] for row in response.context["comparison"].rows] == ["Hilltop"]


# Periods


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-01-01", "end": "2025-01-01"}, "start date must be on or before"),
        ({"start": "2026-01-01"}, "Give both a start and an end date"),
        ({"start": "not a date", "end": "2025-01-01"}, "Enter a valid date"),
        ({"start": "2026-02-30", "end": "2026-03-01"}, "Enter a valid date"),
        ({"start": "2000-01-01", "end": "2026-01-01"}, "ten years or less"),
    ],
)
def test_bad_custom_dates_give_a_message(client_for, manager, params, message):
    response = get(client_for(manager), period="custom", **params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_malformed_date_is_explained_by_its_field_alone(client_for, manager):
    response = get(client_for(manager), period="custom", start="2026-13-45", end="2026-01-01")

    assert response.context["form"].errors == {"start": ["Enter a valid date."]}


def test_unknown_period_is_a_form_error(client_for, manager):
    response = get(client_for(manager), period="fy:1800")
    assert response.context["form"].errors["period"]


def test_custom_dates_set_the_period(client_for, manager, dataset):
    response = get(client_for(manager), period="custom", start="2025-06-01", end="2025-06-30")
    assert dict(response.context["summary"].rows)["Introductions"] == 1  # B


def test_manager_without_localities_is_told_so(db, client_for):
    lonely = factories.ManagerFactory()
    response = get(client_for(lonely))
    assert "You do not oversee any locality yet" in response.content.decode()


# Query count: one grouped query per family of metrics, never per locality or per table.


def _locality_with_records(n: int):
    place = factories.LocalityFactory(name=f"Place {n}")
    person = factories.PersonFactory(locality=place)
    intro = factories.IntroductionFactory(person=person, first_contact_on=factories.TODAY)
    intro.themes.add(factories.ThemeFactory())
    factories.ContactFactory(introduction=intro)
    factories.OutcomeFactory(person=person)
    factories.WellbeingCheckFactory(person=person)
    factories.WellbeingCheckFactory(person=person, checked_on=factories.TODAY)
    return place


@pytest.mark.parametrize("n", [1, 3])
def test_dashboard_query_count_does_not_grow_with_localities(
    db, client_for, django_assert_num_queries, n
):
    places = [_locality_with_records(i) for i in range(n)]
    client = client_for(factories.ManagerFactory(localities=places))
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = get(client, period="custom", start="2026-01-01", end="2026-06-30")
    assert len(response.context["comparison"].rows) == n


# Five for the request (session, user, permissions ×2, the form's localities) and 18 for
# the figures: metrics counting the same records share one GROUP BY, memoised per scope,
# so the summary, the comparison, the breakdowns and the value estimate share it. People
# supported has one of its own, distinct over the scope. The value estimate reads its
# settings and the deflator series: two more, whatever the number of localities.
# The headline tiles add the previous equal period's headline figures: a second
# `Figures`, whose families and value estimate are read once more, so the count doubles
# at most and still does not grow with the localities or the data.
# The figures of people's journeys read four more for the period (outcomes by person
# and referral source, first outcomes, support level moves, the audit trail's switches
# of assets on and off for needs) and four more for the previous one's tiles (the same,
# but the introductions made, for the re-introduction rate, instead of the assets).
DASHBOARD_QUERIES = 45


# CSV


def test_csv_export_streams_a_table(client_for, manager, dataset):
    response = get(client_for(manager), format="csv", table="outcomes_by_type", **FY)
    assert response.streaming
    assert response["Content-Disposition"] == (
        'attachment; filename="lac-all-my-localities-2025-26-outcomes-by-type.csv"'
    )
    assert csv_text(response).splitlines() == [
        "Level,Outcome type,Outcomes",
        "Individual and family,More confident,3",
        "System,Eviction prevented,1",
        "System,GP appointment avoided,5",
    ]


@pytest.mark.parametrize(
    "table",
    [
        "summary",
        "comparison",
        "introductions_by_month",
        "contacts_by_area",
        "needs",
        "wellbeing",
        "wellbeing_bands",
        "value_types",
        "value",
    ],
)
def test_every_dashboard_table_exports(client_for, manager, dataset, table):
    response = get(client_for(manager), format="csv", table=table, **FY)
    assert response.status_code == 200
    assert "Hilltop" not in csv_text(response)


def test_unknown_table_is_not_found(client_for, manager, dataset):
    assert get(client_for(manager), format="csv", table="nope").status_code == 404


def test_csv_neutralises_spreadsheet_formulas(client_for, locality, dataset):
    locality.name = '=HYPERLINK("http://x")'
    locality.save()
    boss = factories.ManagerFactory(localities=[locality])
    text = csv_text(get(client_for(boss), format="csv", table="comparison", **FY))
    assert text.splitlines()[1].startswith('"\'=HYPERLINK(""http://x"")",4,')


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cell_prefixes_formula_starts(start):
    assert csv_cell(f"{start}1+1") == f"'{start}1+1"


def test_csv_cell_leaves_plain_values():
    assert [csv_cell(v) for v in ("Riverside", 4, None, 1.5)] == ["Riverside", "4", "", "1.5"]


def test_csv_cell_leaves_negative_numbers_as_numbers():
    assert [csv_cell(v) for v in (-0.79, Decimal("-12.50"), -3)] == ["-0.79", "-12.50", "-3"]
    # Text is text, however much it looks like a number.
    assert [csv_cell(v) for v in ("-1", "-1+1", "-")] == ["'-1", "'-1+1", "'-"]


# How we count


def test_how_we_count_lists_every_metric(client_for, manager):
    from reporting.registry import REGISTRY

    content = client_for(manager).get(reverse("reporting:how_we_count")).content.decode()
    for metric in REGISTRY.values():
        assert metric.name.replace("£", "&pound;") in content or metric.name in content
