"""A manager's journey in a real browser: dashboard, filters, charts, stories, report, CSV;
and the dashboard and the report on the demo's figures at phone and desktop size."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from coordinators.models import User
from outcomes.models import OutcomeStory
from tests import factories
from tests.browser.conftest import ARTIFACTS, DESKTOP, NARROW, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def test_manager_reviews_figures_features_a_story_and_produces_a_report(
    page, live_server, login, watch, locality, other_locality
):
    manager = factories.ManagerFactory(username="mona", localities=[locality])
    today = dt.date.today()
    for name in ["Rita", "Sam"]:
        person = factories.PersonFactory(first_name=name, locality=locality)
        intro = factories.IntroductionFactory(
            person=person,
            introduced_on=today - dt.timedelta(days=30),
            first_contact_on=today - dt.timedelta(days=28),
        )
        factories.ContactFactory(introduction=intro, contact_on=today - dt.timedelta(days=28))
        factories.OutcomeFactory(person=person, achieved_on=today - dt.timedelta(days=3))
    rita = factories.PersonFactory(first_name="Rita", last_name="Named", locality=locality)
    factories.OutcomeStoryFactory(
        person=rita,
        title="Rita's garden",
        text="Rita grows vegetables for the cafe.",
        consent="named",
    )
    anon = factories.PersonFactory(first_name="Anon", last_name="Quiet", locality=locality)
    factories.OutcomeStoryFactory(
        person=anon, title="Quiet walk", consent="anonymised", featured=True
    )
    hidden = factories.PersonFactory(
        first_name="Hidden", last_name="Hilltopper", locality=other_locality
    )
    factories.OutcomeStoryFactory(
        person=hidden, title="Hilltop story", consent="named", featured=True
    )

    login(manager)
    expect(page).to_have_url(f"{live_server.url}/reports/dashboard/")
    # Headline figures as tiles; charts drawn on the server (SVG), with no script, each
    # before its table, which is one click away.
    expect(page.locator(".tile").first).to_be_visible()
    charts = page.locator("svg.svg-chart")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 3
    assert page.locator("table").count() >= charts.count()
    expect(page.locator("#table-summary")).to_be_hidden()
    page.get_by_text("Table: headline figures").click()
    expect(page.locator("#table-summary")).to_be_visible()
    watch.check("dashboard")

    # A bad period is explained; a good one shows figures for one locality.
    page.get_by_label("Period", exact=True).select_option("custom")
    page.get_by_label("From", exact=True).fill("2026-03-01")
    page.get_by_label("To", exact=True).fill("2026-01-01")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_text("The start date must be on or before the end date.")).to_be_visible()
    page.get_by_label("Period", exact=True).select_option("last12")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("heading", name="Headline figures")).to_be_visible()

    # CSV of a table downloads, with the figures in it.
    page.get_by_text("Table: headline figures").click()
    with page.expect_download() as download:
        page.locator("#table-summary").get_by_role("link", name="Download CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as file:
        csv = file.read()
    assert "Introductions" in csv
    assert "Hilltop" not in csv

    # Feature a story told with consent to be named; the report prints it beside the key
    # figures. A story shared anonymised is printed with the person's names taken out.
    page.get_by_role("button", name="Show menu").click()
    page.get_by_role("link", name="Stories").click()
    expect(page.get_by_text("Hilltop story")).to_have_count(0)
    watch.check("stories")
    page.get_by_role("button", name="Feature in reports Rita's garden").click()
    expect(page.get_by_text("is now featured in reports")).to_be_visible()
    assert OutcomeStory.objects.get(title="Rita's garden").featured

    page.goto(f"{live_server.url}/reports/impact/")
    expect(page.get_by_role("heading", name="Key figures")).to_be_visible()
    expect(page.get_by_role("heading", name="A story of change")).to_be_visible()
    expect(page.get_by_text("Rita grows vegetables for the cafe.")).to_be_visible()
    expect(page.get_by_text("Rita Named, Riverside")).to_be_visible()
    expect(page.get_by_text("[name] walk")).to_be_visible()
    report = page.content()
    assert "Quiet walk" not in report
    assert "Anon" not in report
    assert "Hilltop" not in report
    watch.check("impact-report")


# The demo's figures: what a manager of two districts sees.

PHONE_DASHBOARD_MAX_HEIGHT = 8000  # px at 390 wide; 47,746 before tiles and folded tables


def _page_height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def _shoot(page, name: str) -> None:
    """Full-page screenshots at phone (390×844) and desktop (1280×800) size."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size(PHONE)


def test_the_demo_dashboard_is_compact_and_readable_on_a_phone(page, live_server, login, watch):
    call_command("demo", stdout=io.StringIO())
    login(User.objects.get(username="manager"), "demo-password-2026")
    expect(page).to_have_url(f"{live_server.url}/reports/dashboard/")
    expect(page.locator(".tile").first).to_be_visible()

    _shoot(page, "dashboard-demo")
    height = _page_height(page)
    assert height <= PHONE_DASHBOARD_MAX_HEIGHT, f"the phone dashboard is {height}px tall"
    watch.check("dashboard-demo")

    # Every table, opened, has a caption as wide as its table at 360 px: never one letter
    # per line.
    page.set_viewport_size(NARROW)
    page.locator("details.table-details > summary").evaluate_all(
        "summaries => summaries.forEach(s => s.click())"
    )
    captions = page.locator("table caption").evaluate_all(
        """captions => captions.map(c => [c.closest('table').id,
            Math.round(c.getBoundingClientRect().width),
            Math.round(c.closest('table').getBoundingClientRect().width),
            Math.round(c.getBoundingClientRect().height)])"""
    )
    assert len(captions) >= 10
    narrow = [c for c in captions if c[1] < c[2] - 1 or c[3] > 100]
    assert narrow == [], "captions narrower than their table, or taller than four lines"
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the opened tables scroll sideways by {overflow}px at 360px"


def test_the_demo_impact_report_at_phone_and_desktop_size(page, live_server, login, watch):
    call_command("demo", stdout=io.StringIO())
    login(User.objects.get(username="manager"), "demo-password-2026")

    page.goto(f"{live_server.url}/reports/impact/")
    expect(page.get_by_role("heading", name="Key figures")).to_be_visible()
    expect(page.get_by_role("heading", name="Value and method")).to_be_visible()
    # The first page: key figures as tiles and the value range, readable on a phone.
    assert page.locator("section[aria-labelledby=h-key] .tile").count() >= 6
    expect(page.get_by_text("Estimated social value for each £1 spent")).to_be_visible()
    _shoot(page, "impact-report-demo")
    watch.check("impact-report-demo")
