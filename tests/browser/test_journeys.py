"""Journeys through the app in a real Chromium, on a phone-sized screen."""

import re

import pytest
from playwright.sync_api import expect

from outcomes.models import Outcome, OutcomeStory, WellbeingCheck
from people.models import Connection, Contact, Introduction, Person
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def riverside(coordinator, locality):
    """What a coordinator's day needs configured: sources, themes, assets, reasons."""
    factories.ReferralSourceFactory(name="GP surgery")
    loneliness = factories.ThemeFactory(name="Loneliness")
    money = factories.ThemeFactory(name="Money and debt")
    for name, themes in [
        ("Riverside Walking Group", [loneliness]),
        ("Cook and Eat Club", [loneliness, money]),
        ("Debt Advice Drop-in", [money]),
    ]:
        asset = factories.CommunityAssetFactory(name=name, locality=locality)
        asset.themes.set(themes)
    factories.ClosingReasonFactory(name="Goals achieved")
    factories.OutcomeTypeFactory(name="Built a valued relationship")
    return locality


def test_coordinator_does_a_days_work_on_a_phone(
    page, live_server, login, watch, coordinator, riverside
):
    login(coordinator)
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    watch.check("caseload-empty")

    # Take an introduction.
    page.get_by_role("link", name="New introduction").first.click()
    page.get_by_label("First name").fill("Maya")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Date of birth").fill("1957-03-14")
    page.get_by_label("Postcode").fill("rv1 2ab")
    page.get_by_label("Introduced by (source)").select_option(label="GP surgery")
    page.get_by_label("What is happening").fill("Lives alone since her husband died.")
    page.get_by_label("Loneliness").check()
    page.get_by_label("Money and debt").check()
    watch.check("introduction-new")
    page.get_by_role("button", name="Record introduction").click()
    expect(page.get_by_role("heading", name="Maya Okafor")).to_be_visible()
    watch.check("person")
    person = Person.objects.get(last_name="Okafor")
    assert person.postcode == "RV1 2AB"

    # An attempted call, then a real first contact.
    for mode, minutes in [("Attempted (no answer)", "5"), ("In person", "60")]:
        page.get_by_role("link", name="Log a contact").click()
        page.get_by_label("Minutes").fill(minutes)
        page.get_by_label(mode).check()
        if mode == "In person":
            page.get_by_label("Valued, mutual relationships").check()
            page.get_by_label("Note").fill("Coffee at the library; talked about her garden.")
            watch.check("contact-form")
        page.get_by_role("button", name="Save contact").click()
        expect(page.get_by_text("Contact with Maya Okafor logged.")).to_be_visible()
    introduction = Introduction.objects.get(person=person)
    assert [c.mode for c in Contact.objects.order_by("pk")] == ["attempted", "in_person"]
    assert introduction.first_contact_on is not None

    # Connect to two suggested assets: the best match (both themes) comes first.
    suggested = page.locator("section", has_text="Suggested assets").get_by_role("link")
    expect(suggested.first).to_have_text("Cook and Eat Club")
    for name in ["Cook and Eat Club", "Riverside Walking Group"]:
        page.get_by_role("link", name=f"Link {name}").click()
        page.get_by_label("Already connected").check()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text(f"{name} linked to Maya Okafor.")).to_be_visible()
    assert sorted(Connection.objects.values_list("asset__name", "status")) == [
        ("Cook and Eat Club", "connected"),
        ("Riverside Walking Group", "connected"),
    ]

    # An outcome and a story.
    page.get_by_role("link", name="Outcome", exact=True).click()
    page.get_by_label("What changed").select_option(
        label="Built a valued relationship (Individual and family)"
    )
    watch.check("outcome-form")
    page.get_by_role("button", name="Save outcome").click()
    page.get_by_role("link", name="Story", exact=True).click()
    page.get_by_label("Title").fill("A seat at the table")
    page.get_by_label("The story").fill("Maya now cooks for the club every Thursday.")
    page.get_by_label("Level").select_option(label="Individual and family")
    page.get_by_label("Share anonymised").check()
    watch.check("story-form")
    page.get_by_role("button", name="Save story").click()
    assert Outcome.objects.get().person == person
    assert OutcomeStory.objects.get().consent == "anonymised"

    # Two wellbeing checks.
    for scores in [(4, 5, 3, 8), (7, 7, 6, 4)]:
        page.get_by_role("link", name="Wellbeing check", exact=True).click()
        questions = ["satisfied", "worthwhile", "how happy", "how anxious"]
        for question, score in zip(questions, scores, strict=True):
            group = page.get_by_role("group", name=re.compile(question))
            group.get_by_label(str(score), exact=True).check()
        page.get_by_role("button", name="Save check").click()
        expect(page.get_by_text("Wellbeing check recorded.")).to_be_visible()
    watch.check("person-with-timeline")
    assert sorted(WellbeingCheck.objects.values_list("anxiety", flat=True)) == [4, 8]

    # Close the episode.
    page.get_by_role("link", name="Close introduction").click()
    page.get_by_label("Reason").select_option(label="Goals achieved")
    page.get_by_role("button", name="Close introduction").click()
    expect(page.get_by_text("No open introduction.")).to_be_visible()
    introduction.refresh_from_db()
    assert introduction.closing_reason.name == "Goals achieved"

    # Later, Maya withdraws her consent: the story can still be changed, and leaves reports.
    page.get_by_role("link", name="Edit the story A seat at the table or change consent").click()
    page.get_by_label("Not to be shared").check()
    watch.check("story-edit")
    page.get_by_role("button", name="Save story").click()
    expect(page.get_by_text("Story saved: A seat at the table.")).to_be_visible()
    assert OutcomeStory.objects.get().consent == "none"
