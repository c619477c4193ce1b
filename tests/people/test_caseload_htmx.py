"""The caseload's filters redraw only the results when htmx asks, the whole page otherwise."""

from django.urls import reverse

from tests import factories


def _intro(coordinator, locality, last_name):
    person = factories.PersonFactory(
        locality=locality, lead_coordinator=coordinator, last_name=last_name
    )
    return factories.IntroductionFactory(person=person)


def test_caseload_filter_through_htmx_returns_only_the_matching_results(
    client, coordinator, locality
):
    _intro(coordinator, locality, "Abbott")
    _intro(coordinator, locality, "Zephyr")
    client.force_login(coordinator)

    response = client.get(
        reverse("people:caseload"), {"q": "Zephyr"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="caseload-results"')
    assert "<html" not in html
    assert "Zephyr" in html
    assert "Abbott" not in html
    assert [intro.person.last_name for intro in response.context["page"]] == ["Zephyr"]


def test_caseload_without_htmx_is_the_whole_page(client, coordinator, locality):
    _intro(coordinator, locality, "Abbott")
    client.force_login(coordinator)

    html = client.get(reverse("people:caseload")).content.decode()

    assert "<html" in html
    assert 'hx-target="#caseload-results"' in html
    assert '<div id="caseload-results"' in html
