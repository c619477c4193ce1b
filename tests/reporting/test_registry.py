"""The registry is a list you can read; modules import one way; figures live per request."""

import ast
import datetime as dt
from pathlib import Path

from django.urls import reverse

import reporting
from reporting.figures import Figures
from reporting.registry import HEADLINES, METRICS, REGISTRY
from tests import factories

PACKAGE = Path(reporting.__file__).parent


def test_the_registry_lists_every_metric_once_in_page_order():
    assert [metric.key for metric in METRICS] == [
        "introductions",
        "people_supported",
        "active_at_end",
        "closed",
        "reintroduction_rate",
        "moved_to_walking_alongside",
        "median_days_to_first_contact",
        "p90_days_to_first_contact",
        "contacts",
        "attempted_contacts",
        "hours",
        "connections",
        "assets_developed",
        "assets_developed_total",
        "outcomes_individual",
        "outcomes_community",
        "outcomes_system",
        "people_with_outcome",
        "people_with_outcome_share",
        "median_days_to_first_outcome",
        "stories",
        "featured_stories",
        "introductions_by_month",
        "introductions_by_source",
        "introductions_by_support_level",
        "closing_reasons",
        "length_of_involvement",
        "contacts_by_mode",
        "contacts_by_area",
        "connections_by_category",
        "outcomes_by_type",
        "outcomes_by_source",
        "needs",
        "wellbeing_change",
        "value_per_pound",
    ]
    assert list(REGISTRY) == [metric.key for metric in METRICS]
    assert [key for key in HEADLINES if key != "value_per_pound"] == list(REGISTRY)[:22]
    assert HEADLINES[-1] == "value_per_pound"


MODULES = {
    "reporting." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    for path in PACKAGE.rglob("*.py")
    if path.name != "__init__.py"
}


def _reporting_imports(path: Path) -> set[str]:
    """The reporting modules a module imports, wherever in it (functions included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in MODULES}
    return found


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle, as the modules along it; [] if there is none."""
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> list[str]:
        if module in visiting:
            return [*visiting[visiting.index(module) :], module]
        if module in done:
            return []
        visiting.append(module)
        for imported in sorted(graph[module]):
            if cycle := visit(imported):
                return cycle
        visiting.pop()
        done.add(module)
        return []

    for module in sorted(graph):
        if cycle := visit(module):
            return cycle
    return []


def test_reporting_modules_import_each_other_one_way():
    graph = {
        module: _reporting_imports(PACKAGE.joinpath(*module.split(".")[1:]).with_suffix(".py"))
        for module in MODULES
    }

    # A metric module that imported the registry to register itself would close a cycle.
    assert _cycle(graph) == []


def test_a_request_reads_once_and_the_next_one_reads_again(riverside_fy, dataset):
    first = Figures(riverside_fy)
    assert REGISTRY["introductions"].compute(first) == 4

    factories.IntroductionFactory(person=dataset["C"], introduced_on=dt.date(2025, 7, 1))

    # One request's figures agree with each other; the next request sees the write.
    assert REGISTRY["introductions"].compute(first) == 4
    assert REGISTRY["introductions"].compute(Figures(riverside_fy)) == 5


def test_how_we_count_defines_needs_against_assets(client_for, manager):
    page = client_for(manager).get(reverse("reporting:how_we_count")).content.decode()

    needs = page.split('<dt id="needs">')[1].split("</dd>")[0]
    assert "Needs against assets" in needs
    assert REGISTRY["needs"].counting.replace("'", "&#x27;") in needs
