"""What the dashboard and the impact report look like: headline tiles against the
previous equal period, charts before their tables, a first page a commissioner reads in
two minutes, every featured story printed once beside a section, charts with text."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from localities.models import Locality
from outcomes.models import Consent, Level
from reporting.dashboard_views import Tile, previous_scope
from reporting.periods import Period, Scope
from reporting.registry import HEADLINES
from reporting.tables import Table
from reporting.templatetags.svg_charts import bar_chart
from tests import factories

DASHBOARD = reverse("reporting:dashboard")
REPORT = reverse("reporting:report")
FY = {"period": "fy:2025"}


def _tiles(response) -> dict[str, tuple]:
    return {
        tile.key: (tile.value, tile.previous, tile.change, tile.change_percent)
        for tile in response.context["tiles"]
    }


# The previous equal period


def test_the_previous_period_is_as_long_and_ends_the_day_before(locality):
    june = Period(dt.date(2025, 6, 1), dt.date(2025, 6, 30), "June 2025")
    scope = Scope(Locality.objects.filter(pk=locality.pk), june, "Riverside")

    previous = previous_scope(scope).period

    assert (previous.start, previous.end, previous.days) == (
        dt.date(2025, 5, 2),
        dt.date(2025, 5, 31),
        30,
    )
    assert previous.label == "the previous 30 days (02/05/2025 to 31/05/2025)"


def test_dashboard_tiles_show_each_figure_beside_the_previous_equal_period(
    client_for, manager, dataset
):
    # FY 2025/26 (365 days) against 1 Apr 2024 – 31 Mar 2025: A's first introduction (1
    # Mar 2025) is the one introduction before; C (open until 31 Mar 2025) and A were
    # supported then; Hilltop's records are in neither.
    response = client_for(manager).get(DASHBOARD, FY)

    tiles = _tiles(response)
    assert tiles["introductions"] == (4, 1, 3, 300)
    assert tiles["people_supported"] == (4, 2, 2, 100)
    assert response.context["previous_label"] == (
        "the previous 365 days (01/04/2024 to 31/03/2025)"
    )
    page = response.content.decode()
    introductions = page.split('<span class="tile-name">Introductions</span>')[1].split("</li>")[0]
    assert '<span class="tile-value">4</span>' in introductions
    assert "Previous period 1 · +3 (+300%)" in introductions


def test_every_headline_of_the_registry_is_a_tile_in_its_order(client_for, manager, dataset):
    response = client_for(manager).get(DASHBOARD, FY)

    assert [tile.key for tile in response.context["tiles"]] == HEADLINES


def test_a_custom_period_compares_with_as_many_days_before(client_for, manager, dataset):
    # 1–30 June 2025: B's introduction of 15 June; none from 2 to 31 May.
    response = client_for(manager).get(
        DASHBOARD, {"period": "custom", "start": "2025-06-01", "end": "2025-06-30"}
    )

    assert _tiles(response)["introductions"] == (1, 0, 1, None)


@pytest.mark.parametrize(
    ("value", "previous", "change", "percent"),
    [
        (4, 1, 3, 300),
        (1, 2, -1, -50),
        (2.5, 1.2, 1.3, 108),  # no float noise: 1.3, not 1.2999999999999998
        (None, 3.0, None, None),  # no median this period: no change to show
        (0, 0, 0, None),
    ],
)
def test_a_tile_works_out_its_change(value, previous, change, percent):
    tile = Tile("k", "K", value, previous)

    assert (tile.change, tile.change_percent) == (change, percent)


# Charts before their tables, each table one click away


def test_every_dashboard_chart_comes_before_its_table_folded_under_it(client_for, manager, dataset):
    page = client_for(manager).get(DASHBOARD, FY).content.decode()

    blocks = re.findall(
        r'<div class="chart-block">\s*<h3 class="h6 chart-title">([^<]+)</h3>\s*'
        r'<svg class="svg-chart"[^>]*>.*?</svg>.*?'
        r'<details class="table-details">\s*<summary>Table: ([^<]+)</summary>.*?'
        r'<table class="table table-sm stack-sm" id="table-([a-z_]+)">',
        page,
        re.DOTALL,
    )
    assert ("Outcomes by level and type", "outcomes by level and type", "outcomes_by_type") in (
        blocks
    )
    assert len(blocks) == len(re.findall(r'<svg class="svg-chart"', page)) >= 8
    # No table of the page stands open at full length: each is one click away, except the
    # short wellbeing change.
    tables = re.findall(r'<table class="table table-sm stack-sm" id="table-([a-z_]+)"', page)
    folded = re.findall(
        r'<details class="table-details">\s*<summary>[^<]*</summary>.*?id="table-([a-z_]+)"',
        page,
        re.DOTALL,
    )
    assert sorted(set(tables) - set(folded)) == ["wellbeing"]


# Charts: a text alternative naming every bar


def _table(rows, title="Introductions by who introduced them") -> Table:
    return Table("t", title, ["Who", "Introductions"], rows, chart_column=1)


def test_a_chart_names_every_bar_and_its_figure_in_its_text_alternative():
    chart = bar_chart(_table([["GP", 9], ["Self", 5], ["Housing", 1200]]))

    described = "Bar chart of introductions by who introduced them; GP: 9, Self: 5, Housing: 1,200"
    assert f'aria-label="{described}"' in chart
    assert f"<title>{described}</title>" in chart
    # Each label sits above its bar, so the chart stays narrow enough to read on a phone.
    labels = [int(y) for y in re.findall(r'<text x="0" y="(\d+)"', chart)]
    bars = [int(y) for y in re.findall(r'<rect x="0" y="(\d+)"', chart)]
    assert all(label < bar for label, bar in zip(labels, bars, strict=True))


def test_a_chart_of_the_largest_bars_says_how_many_it_leaves_out():
    chart = bar_chart(_table([["A", 1], ["B", 7], ["C", 3], ["D", 5]]), limit=2, largest=True)

    assert chart.count("<rect") == 2
    assert "B: 7, D: 5 (the 2 largest of 4)</title>" in chart


def test_a_chart_of_nothing_is_not_drawn():
    assert bar_chart(_table([["GP", 0]])) == ""


# The impact report


@pytest.fixture
def nine_stories(locality):
    """Nine named or community stories, featured, in FY 2025/26: told a day apart."""
    levels = [Level.INDIVIDUAL] * 4 + [Level.SYSTEM] * 2 + [Level.INDIVIDUAL] * 2
    titles = []
    for n, level in enumerate(levels, start=1):
        person = factories.PersonFactory(first_name=f"Named{n}", locality=locality)
        factories.OutcomeStoryFactory(
            person=person,
            title=f"Story {n} ({level.label})",
            level=level,
            consent=Consent.NAMED,
            featured=True,
            told_on=dt.date(2025, 10, n),
        )
        titles.append(f"Story {n} ({level.label})")
    factories.OutcomeStoryFactory(
        person=None,
        locality=locality,
        title="The cafe opens",
        level=Level.COMMUNITY,
        consent=Consent.NAMED,
        featured=True,
        told_on=dt.date(2025, 10, 20),
    )
    return [*titles, "The cafe opens"]


def _section(page: str, heading_id: str) -> str:
    return page.split(f'id="{heading_id}"')[1].split("<h2 ")[0]


def test_the_report_opens_with_key_figures_the_value_range_and_one_story(
    client_for, manager, dataset, nine_stories
):
    response = client_for(manager).get(REPORT, FY)

    page = response.content.decode()
    first = page.split('id="h-key"')[1].split('id="h-what"')[0]
    assert [tile.key for tile in response.context["key_tiles"]][:5] == [
        "people_supported",
        "introductions",
        "contacts",
        "hours",
        "connections",
    ]
    assert '<span class="tile-name">People supported</span>' in first
    assert '<span class="tile-value">4</span>' in first
    estimate = response.context["estimate"]
    low, central, high = (estimate.variants[i].ratio for i in range(3))
    assert f"<strong>£{low} to £{high}</strong> (central estimate £{central})" in first
    assert "Estimated social value (SROI method, forecast from recorded outcomes" in first
    # The first story told sits beside them, and only that one.
    assert re.findall(r'<h3 class="h6">([^<]+)</h3>', first) == [nine_stories[0]]


def test_the_report_prints_every_featured_story_once_each_beside_a_section(
    client_for, manager, nine_stories
):
    page = client_for(manager).get(REPORT, FY).content.decode()

    printed = re.findall(r'<figure class="story">\s*<h3 class="h6">([^<]+)</h3>', page)
    assert sorted(printed) == sorted(nine_stories)
    # The community's story beside connections and community; a system one by outcomes.
    assert "The cafe opens" in _section(page, "h-community")
    assert "(System)" in _section(page, "h-outcomes")
    assert re.findall(r'<h3 class="h6">([^<]+)</h3>', _section(page, "h-stories")) == [
        "Story 7 (Individual and family)",
        "Story 8 (Individual and family)",
    ]


def test_the_report_has_real_headings_in_the_order_a_commissioner_reads(
    client_for, manager, nine_stories
):
    page = client_for(manager).get(REPORT, FY).content.decode()

    assert re.findall(r"<h1[^>]*>([^<]+)</h1>", page) == [
        "Local Area Coordination impact report: All my localities"
    ]
    assert re.findall(r"<h2[^>]*>([^<]+)</h2>", page) == [
        "Key figures",
        "A story of change",
        "What happened",
        "Who introduced people",
        "Connections and community",
        "Outcomes",
        "Wellbeing",
        "Value and method",
        "More stories of change",
    ]


def test_each_report_section_pairs_its_figures_and_chart_with_a_story(
    client_for, manager, dataset, nine_stories
):
    page = client_for(manager).get(REPORT, FY).content.decode()

    community = _section(page, "h-community")
    assert '<span class="tile-name">Connections made</span>' in community
    assert 'aria-label="Bar chart of connections made by asset category;' in community
    assert "The cafe opens" in community
    who = _section(page, "h-who")
    assert 'aria-label="Bar chart of introductions by who introduced them;' in who


def test_a_report_without_stories_says_so_once(client_for, manager):
    page = client_for(manager).get(REPORT, FY).content.decode()

    assert page.count("No featured stories with consent to share in this period.") == 1
    assert "report-aside" not in page
    assert 'id="h-lead-story"' not in page


def test_how_we_count_says_what_the_previous_period_is(client_for, manager):
    page = client_for(manager).get(reverse("reporting:how_we_count")).content.decode()

    paragraph = page.split('<p id="previous-period">')[1].split("</p>")[0]
    assert "the same localities over as many days, ending the day before the period" in paragraph


def test_a_report_section_without_figures_has_no_tiles(client_for, manager, dataset):
    sections = client_for(manager).get(REPORT, FY).context["sections"]

    assert (sections["wellbeing"]["tiles"], sections["value"]["tiles"]) == ([], [])
    assert [tile.key for tile in sections["community"]["tiles"]] == [
        "connections",
        "assets_developed",
        "assets_developed_total",
    ]
