"""An administrator configures the service in the admin; coordinators see it at once."""

import pytest
from playwright.sync_api import expect

from localities.models import Locality, ReferralSource

pytestmark = pytest.mark.django_db(transaction=True)


def test_administrator_adds_a_locality_and_a_source_that_coordinators_are_offered(
    page, live_server, login, watch, administrator, browser, browser_context_args
):
    login(administrator)
    expect(
        page.get_by_role("heading", name="Configure localities, people's records and users")
    ).to_be_visible()
    watch.check("admin-index")

    page.goto(f"{live_server.url}/admin/localities/locality/add/")
    page.get_by_label("Name").fill("Millbrook")
    page.get_by_label("District").fill("East District")
    page.get_by_label("Annual cost of the service (£)").fill("-5")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Ensure this value is greater than or equal to 0")).to_be_visible()
    page.get_by_label("Annual cost of the service (£)").fill("41000")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was added successfully")).to_be_visible()
    millbrook = Locality.objects.get(name="Millbrook")

    page.goto(f"{live_server.url}/admin/localities/referralsource/add/")
    page.get_by_label("Name").fill("Community pharmacy")
    page.get_by_label("Category").select_option(label="GP / primary care")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was added successfully")).to_be_visible()
    assert ReferralSource.objects.filter(name="Community pharmacy", active=True).exists()

    # Give a new coordinator Millbrook through the admin.
    page.goto(f"{live_server.url}/admin/coordinators/user/add/")
    page.get_by_label("Username").fill("mo")
    page.locator("#id_password1").fill("a-long-enough-password-1")
    page.locator("#id_password2").fill("a-long-enough-password-1")
    page.locator("#id_groups_from").select_option(label="Coordinator")
    page.locator("#id_groups_add").click()
    page.locator("#id_localities_from").select_option(label="Millbrook")
    page.locator("#id_localities_add").click()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was added successfully")).to_be_visible()

    coordinator_context = browser.new_context(**browser_context_args)
    other = coordinator_context.new_page()
    other.goto(f"{live_server.url}/login/")
    other.get_by_label("Username").fill("mo")
    other.get_by_label("Password").fill("a-long-enough-password-1")
    other.get_by_role("button", name="Log in").click()
    other.get_by_role("link", name="New introduction").first.click()
    expect(other.get_by_label("Locality")).to_have_value(str(millbrook.pk))
    sources = other.get_by_label("Introduced by (source)").locator("option").all_text_contents()
    assert "Community pharmacy" in sources
    coordinator_context.close()
