"""The shape of the code: apps depend one way, no import circles, small modules.

`demo → reporting → outcomes → people → coordinators → localities → lac`: an app may
use the apps after it in this list and never the ones before it — not by import, and not by
string either (a URL name such as "outcomes:…", a permission or dotted path such as
"outcomes.…"). Users cover localities, so coordinators sits on localities. Imports made
only for type checking, and migrations (frozen history), are left out.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each app with the apps it may use.
FLOORS = {
    "lac": set(),
    "localities": {"lac"},
    "coordinators": {"lac", "localities"},
    "people": {"lac", "localities", "coordinators"},
    "outcomes": {"lac", "localities", "coordinators", "people"},
    "reporting": {"lac", "localities", "coordinators", "people", "outcomes"},
    "demo": {"lac", "localities", "coordinators", "people", "outcomes", "reporting"},
}
# The root wiring names every app on purpose: settings list them, the root URLconf
# mounts them and the home page sends each role to where it works.
WIRING = {"lac/settings.py", "lac/urls.py", "lac/views.py"}
MAX_LINES = 400


def _modules(app: str) -> list[Path]:
    return sorted(path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


def _templates(app: str) -> list[Path]:
    return sorted((ROOT / "templates" / app).rglob("*.html"))


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _runtime_nodes(tree: ast.AST):
    """Every node, except what sits under `if TYPE_CHECKING:`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from (n for child in node.orelse for n in ast.walk(child))
            continue
        yield node
        yield from _runtime_nodes(node)


def _imported_apps(path: Path) -> set[str]:
    found = set()
    for node in _runtime_nodes(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & set(FLOORS)


def _higher(app: str) -> set[str]:
    return set(FLOORS) - FLOORS[app] - {app}


@pytest.mark.parametrize("app", list(FLOORS))
def test_an_app_imports_only_the_floors_below_it(app):
    wrong = {
        _relative(path): sorted(_imported_apps(path) & _higher(app))
        for path in _modules(app)
        if _relative(path) not in WIRING
    }
    assert {path: apps for path, apps in wrong.items() if apps} == {}


@pytest.mark.parametrize("app", list(FLOORS))
def test_an_app_never_names_a_higher_app_in_a_string(app):
    higher = _higher(app)
    if not higher:
        return
    names = "|".join(sorted(higher))
    # "outcomes:story_new" (a URL name), "outcomes.add_outcome" (a permission, a dotted
    # path) or perms.outcomes in a template.
    pattern = re.compile(rf"""(?:["'{{\s]|perms\.)({names})[:.]\w""")
    found = {}
    for path in [*_modules(app), *_templates(app)]:
        if _relative(path) in WIRING:
            continue
        # Import lines are the other test's business (it knows about TYPE_CHECKING).
        text = "\n".join(
            line
            for line in path.read_text().splitlines()
            if not re.match(r"\s*(from|import)\s", line)
        )
        hits = sorted({match.group(0).strip() for match in pattern.finditer(text)})
        if hits:
            found[_relative(path)] = hits
    assert found == {}


def _import_graph() -> dict[str, set[str]]:
    """Module → project modules it imports at import time (top level, not in functions)."""
    modules = {}
    for app in FLOORS:
        for path in _modules(app):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    graph = {}
    for name, path in modules.items():
        edges = set()
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            else:
                continue
            edges.update(target for target in targets if target in modules and target != name)
        graph[name] = edges
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_in_a_circle():
    assert _cycles(_import_graph()) == []


def test_the_cycle_finder_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_app_module_is_over_400_lines():
    long = {
        _relative(path): lines
        for app in FLOORS
        for path in _modules(app)
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_outcomes_holds_under_a_third_of_the_apps_code():
    lines = {
        app: sum(len(path.read_text().splitlines()) for path in _modules(app)) for app in FLOORS
    }
    assert lines["outcomes"] * 3 < sum(lines.values()), lines
