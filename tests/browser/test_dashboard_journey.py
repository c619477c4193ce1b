"""A manager's journey in a real browser: dashboard, filters, charts, stories, report, CSV."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from outcomes.models import OutcomeStory
from tests import factories

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
        consent="anonymised",
    )
    hidden = factories.PersonFactory(
        first_name="Hidden", last_name="Hilltopper", locality=other_locality
    )
    factories.OutcomeStoryFactory(
        person=hidden, title="Hilltop story", consent="named", featured=True
    )

    login(manager)
    expect(page).to_have_url(f"{live_server.url}/reports/dashboard/")
    # Charts are drawn on the server (SVG): there with no script, each beside its table.
    charts = page.locator("svg.svg-chart")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 3
    assert page.locator("table").count() >= charts.count()
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
    with page.expect_download() as download:
        page.locator("#table-summary").get_by_role("link", name="Download CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as file:
        csv = file.read()
    assert "Introductions" in csv
    assert "Hilltop" not in csv

    # Feature a story; the report shows it without the person's name.
    page.get_by_role("button", name="Show menu").click()
    page.get_by_role("link", name="Stories").click()
    expect(page.get_by_text("Hilltop story")).to_have_count(0)
    watch.check("stories")
    page.get_by_role("button", name="Feature in reports Rita's garden").click()
    expect(page.get_by_text("is now featured in reports")).to_be_visible()
    assert OutcomeStory.objects.get(title="Rita's garden").featured

    page.goto(f"{live_server.url}/reports/impact/")
    expect(page.get_by_role("heading", name="Stories of change")).to_be_visible()
    # Anonymised: the name she slipped into her own story is taken out in print.
    expect(page.get_by_text("[name] grows vegetables for the cafe.")).to_be_visible()
    report = page.content()
    assert "Rita" not in report
    assert "Named" not in report
    assert "Hilltop" not in report
    watch.check("impact-report")
