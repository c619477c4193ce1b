"""Real-browser tests: Playwright driving the system's Chromium against live_server.

Never `playwright install` (it downloads a browser): we use Debian's `chromium`. Without
it these tests are skipped with a reason, unless LAC_BROWSER_REQUIRED is set (CI), where
a missing browser is a failure.
"""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the
# test itself (arranging data) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM and not os.environ.get("LAC_BROWSER_REQUIRED"):
                item.add_marker(
                    pytest.mark.skip(reason="No chromium on PATH (apt-get install chromium).")
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM:
        pytest.fail("LAC_BROWSER_REQUIRED is set but chromium is not installed.")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": PHONE,
        "locale": "en-GB",
        "timezone_id": "Europe/London",
    }


class PageWatch:
    """Collects console errors and requests to other origins while a journey runs."""

    def __init__(self, page, origin):
        self.page, self.origin = page, origin
        self.console_errors, self.foreign_requests = [], []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))
        page.on("request", self._request)

    def _console(self, msg):
        if msg.type == "error":
            self.console_errors.append(msg.text)

    def _request(self, request):
        url = request.url
        if not (url.startswith(self.origin) or url.startswith(("data:", "about:", "blob:"))):
            self.foreign_requests.append(url)

    def check(self, name: str):
        """On the page as it is now: axe, console, origins, no sideways scroll, screenshots."""
        page = self.page
        results = Axe().run(page)
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(n["target"][0] for n in v["nodes"][:3])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"{name}: accessibility violations"
        assert self.console_errors == [], f"{name}: console errors"
        assert self.foreign_requests == [], f"{name}: requests to other origins"
        size = page.viewport_size
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}-phone.png"), full_page=True)
        page.set_viewport_size(NARROW)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name}: scrolls sideways by {overflow}px at 360px"
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=str(ARTIFACTS / f"{name}-desktop.png"), full_page=True)
        page.set_viewport_size(size)


@pytest.fixture
def watch(page, live_server):
    return PageWatch(page, live_server.url)


@pytest.fixture
def login(page, live_server):
    def do(user, password="correct-horse-battery"):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()

    return do
