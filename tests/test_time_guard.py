"""Tests fix "today" with the `frozen_today` fixture, never by patching a module's clock.

A patch of `people.views.timezone` freezes one module and leaves the forms, services and
querysets it calls on the real date, so a test can pass for the wrong reason.
"""

import re
from pathlib import Path

TESTS = Path(__file__).parent

# mock.patch("app.module.timezone..."), patch.object(timezone, ...),
# monkeypatch.setattr("app.module.timezone...", ...) and monkeypatch.setattr(timezone, ...).
CLOCK_PATCH = re.compile(r"(?:patch(?:\.object)?|setattr)\(\s*[\"']?[\w.]*\btimezone\b")


def clock_patches() -> list[str]:
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        if path == Path(__file__):
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if CLOCK_PATCH.search(line):
                found.append(f"{path.relative_to(TESTS)}:{number}: {line.strip()}")
    return found


def test_no_test_patches_a_modules_timezone():
    assert clock_patches() == [], "use the frozen_today fixture instead"


def test_the_guard_spots_each_way_of_patching_the_clock():
    lines = [
        'mock.patch("people.views.timezone.localdate", return_value=TODAY)',
        "mock.patch.object(timezone, 'now')",
        'monkeypatch.setattr("outcomes.forms.timezone.localdate", lambda: TODAY)',
        "monkeypatch.setattr(timezone, 'localdate', lambda: TODAY)",
    ]

    assert [bool(CLOCK_PATCH.search(line)) for line in lines] == [True] * 4
    assert not CLOCK_PATCH.search("today = timezone.localdate()")
