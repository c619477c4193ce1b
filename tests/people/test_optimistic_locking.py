"""Two people editing the same record cannot silently overwrite each other."""

import html
import re

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from people import services
from people.models import Introduction, Person
from tests import factories
from tests.factories import days_ago

TODAY = factories.TODAY


pytestmark = pytest.mark.usefixtures("frozen_today")


def version_in_page(response) -> str:
    return re.search(r'name="version" value="(\d+)"', response.content.decode()).group(1)


def changes_table(response) -> list[tuple[str, str, str]]:
    """The rows of the "what changed" table: (field, now saved, you entered)."""
    rows = re.findall(
        r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", response.content.decode()
    )
    return [tuple(html.unescape(cell) for cell in row) for row in rows]


# Person details


def person_data(person, **overrides) -> dict:
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "preferred_name": "",
        "date_of_birth": "1960-05-01",
        "phone": "",
        "email": "",
        "address": "",
        "postcode": "AB1 2CD",
        "locality": person.locality_id,
        "lead_coordinator": person.lead_coordinator_id or "",
        "vision": "",
        "strengths": "",
        "consent_recorded_on": TODAY.isoformat(),
    }
    data.update(overrides)
    return data


def test_person_edit_form_carries_the_version_it_was_read_at(client_for, coordinator, person):
    Person.objects.filter(pk=person.pk).update(version=4)

    response = client_for(coordinator).get(reverse("people:person_edit", args=[person.pk]))

    assert version_in_page(response) == "4"
    assert 'value="Rita"' in response.content.decode()


def test_person_edit_saves_and_bumps_the_version(client_for, coordinator, person):
    response = client_for(coordinator).post(
        reverse("people:person_edit", args=[person.pk]),
        person_data(person, phone="07700 900123", version="1"),
    )

    assert response.url == person.get_absolute_url()
    person.refresh_from_db()
    assert (person.phone, person.version) == ("07700 900123", 2)


def test_stale_person_edit_is_refused_and_shows_what_changed(client_for, coordinator, person):
    client = client_for(coordinator)
    form_page = client.get(reverse("people:person_edit", args=[person.pk]))
    # Someone else saves while the form is open.
    Person.objects.filter(pk=person.pk).update(version=F("version") + 1, last_name="Changed")

    response = client.post(
        reverse("people:person_edit", args=[person.pk]),
        person_data(
            person,
            phone="07700 900123",
            vision="To sing in a choir again.",
            version=version_in_page(form_page),
        ),
    )

    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.last_name, person.phone, person.vision, person.version) == (
        "Changed",
        "",
        "",
        2,
    )
    content = response.content.decode()
    assert "Someone else saved this record while you were editing it." in content
    assert changes_table(response) == [
        ("Last name", "Changed", "Riverside"),
        ("Phone", "(empty)", "07700 900123"),
        ("Vision", "(empty)", "To sing in a choir again."),
    ]
    # Everything typed is still in the form, now carrying the saved version.
    assert 'value="07700 900123"' in content
    assert "To sing in a choir again." in content
    assert version_in_page(response) == "2"


def test_resubmitting_the_refused_person_form_saves_it(client_for, coordinator, person):
    client = client_for(coordinator)
    Person.objects.filter(pk=person.pk).update(version=F("version") + 1, last_name="Changed")
    url = reverse("people:person_edit", args=[person.pk])
    typed = person_data(person, phone="07700 900123", version="1")
    refused = client.post(url, typed)

    response = client.post(url, {**typed, "version": version_in_page(refused)})

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.last_name, person.phone, person.version) == ("Riverside", "07700 900123", 3)


def test_a_second_stale_save_is_refused_again(client_for, coordinator, person):
    client = client_for(coordinator)
    url = reverse("people:person_edit", args=[person.pk])
    Person.objects.filter(pk=person.pk).update(version=F("version") + 1, last_name="Changed")
    refused = client.post(url, person_data(person, phone="01632 960001", version="1"))
    Person.objects.filter(pk=person.pk).update(version=F("version") + 1, last_name="Again")

    response = client.post(
        url, person_data(person, phone="01632 960001", version=version_in_page(refused))
    )

    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.last_name, person.phone) == ("Again", "")
    assert ("Last name", "Again", "Riverside") in changes_table(response)


def test_two_coordinators_saving_the_same_form_cannot_both_win(coordinator, colleague, person):
    cora, colin = Client(), Client()
    cora.force_login(coordinator)
    colin.force_login(colleague)
    url = reverse("people:person_edit", args=[person.pk])
    version = version_in_page(cora.get(url))
    assert version_in_page(colin.get(url)) == version

    first = cora.post(url, person_data(person, phone="01632 960111", version=version))
    second = colin.post(url, person_data(person, phone="01632 960222", version=version))

    assert first.status_code == 302
    assert second.status_code == 200
    person.refresh_from_db()
    assert person.phone == "01632 960111"
    assert ("Phone", "01632 960111", "01632 960222") in changes_table(second)


def test_a_person_edit_without_a_version_is_refused(client_for, coordinator, person):
    response = client_for(coordinator).post(
        reverse("people:person_edit", args=[person.pk]), person_data(person, phone="1")
    )

    assert response.status_code == 200
    assert "version" in response.context["form"].errors
    person.refresh_from_db()
    assert person.phone == ""


# The introduction


@pytest.fixture
def intro(person):
    return factories.IntroductionFactory(
        person=person, introduced_on=days_ago(20), next_step="Ring on Monday"
    )


def intro_data(intro, **overrides) -> dict:
    data = {
        "referral_source": intro.referral_source_id,
        "introducer": "",
        "introduced_on": intro.introduced_on.isoformat(),
        "what_is_happening": "",
        "next_step": intro.next_step,
    }
    data.update(overrides)
    return data


def test_stale_introduction_edit_is_refused_and_shows_what_changed(
    client_for, coordinator, person, intro
):
    client = client_for(coordinator)
    url = reverse("people:introduction_edit", args=[person.pk])
    form_page = client.get(url)
    Introduction.objects.filter(pk=intro.pk).update(
        version=F("version") + 1, next_step="Call the GP"
    )

    response = client.post(
        url,
        intro_data(
            intro,
            next_step="Visit the library",
            introducer="Her neighbour, Jo",
            version=version_in_page(form_page),
        ),
    )

    assert response.status_code == 200
    intro.refresh_from_db()
    assert (intro.next_step, intro.introducer, intro.version) == ("Call the GP", "", 2)
    content = response.content.decode()
    assert "Someone else saved this record while you were editing it." in content
    assert changes_table(response) == [
        ("Introducer", "(empty)", "Her neighbour, Jo"),
        ("Next step", "Call the GP", "Visit the library"),
    ]
    assert 'value="Visit the library"' in content
    assert 'value="Her neighbour, Jo"' in content
    assert version_in_page(response) == "2"


def test_resubmitting_the_refused_introduction_form_saves_it(
    client_for, coordinator, person, intro
):
    client = client_for(coordinator)
    url = reverse("people:introduction_edit", args=[person.pk])
    Introduction.objects.filter(pk=intro.pk).update(
        version=F("version") + 1, next_step="Call the GP"
    )
    typed = intro_data(intro, next_step="Visit the library", version="1")
    refused = client.post(url, typed)

    response = client.post(url, {**typed, "version": version_in_page(refused)})

    assert response.url == person.get_absolute_url()
    intro.refresh_from_db()
    assert (intro.next_step, intro.version) == ("Visit the library", 3)


def test_a_support_level_change_makes_an_open_introduction_form_stale(
    client_for, coordinator, colleague, person, intro
):
    client = client_for(coordinator)
    url = reverse("people:introduction_edit", args=[person.pk])
    form_page = client.get(url)
    services.introduction_change_support_level(
        introduction=intro, support_level="walking_alongside", changed_on=TODAY, by=colleague
    )

    response = client.post(
        url, intro_data(intro, next_step="Visit the library", version=version_in_page(form_page))
    )

    assert response.status_code == 200
    assert changes_table(response) == [("Next step", "Ring on Monday", "Visit the library")]
    intro.refresh_from_db()
    assert (intro.next_step, intro.support_level) == ("Ring on Monday", "walking_alongside")


def test_a_stale_theme_change_is_listed_by_name(client_for, coordinator, person, intro):
    housing = factories.ThemeFactory(name="Housing")
    money = factories.ThemeFactory(name="Money and debt")
    client = client_for(coordinator)
    url = reverse("people:introduction_edit", args=[person.pk])
    intro.themes.add(housing)
    Introduction.objects.filter(pk=intro.pk).update(version=F("version") + 1)

    response = client.post(url, intro_data(intro, themes=[money.pk], version="1"))

    assert changes_table(response) == [("Themes", "Housing", "Money and debt")]
    assert list(intro.themes.all()) == [housing]
