"""Logging a contact, and what it does to the episode: first contact, next step."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from people.models import Contact, ContactMode
from tests import factories

TODAY = factories.TODAY


pytestmark = pytest.mark.usefixtures("frozen_today")


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def intro(person):
    """Rita's open introduction, made twenty days ago (26 May 2026)."""
    return factories.IntroductionFactory(
        person=person, introduced_on=days_ago(20), next_step="Ring on Monday"
    )


def contact_data(**overrides) -> dict:
    data = {
        "contact_on": days_ago(1).isoformat(),
        "minutes": "45",
        "mode": ContactMode.PHONE,
        "note": "Talked about the allotment.",
        "next_step": "Ring on Monday",
    }
    data.update(overrides)
    return data


def log_contact(client, person, **overrides):
    return client.post(reverse("people:contact_new", args=[person.pk]), contact_data(**overrides))


def error_beside(response, auto_id: str) -> bool:
    return f'id="error_1_{auto_id}"' in response.content.decode()


def test_contact_form_starts_from_today_and_the_current_next_step(
    client_for, coordinator, person, intro
):
    response = client_for(coordinator).get(reverse("people:contact_new", args=[person.pk]))

    form = response.context["form"]
    assert form["contact_on"].value() == TODAY
    assert form["next_step"].value() == "Ring on Monday"
    content = response.content.decode()
    assert 'value="2026-06-15"' in content
    assert "Practical, non-service solutions" in content
    assert "Being heard (advocacy)" in content


def test_logging_a_contact_saves_it_with_its_areas_of_support(
    client_for, coordinator, person, intro
):
    response = log_contact(client_for(coordinator), person, area_practical="on", area_heard="on")

    contact = Contact.objects.get()
    assert response.url == person.get_absolute_url()
    assert (contact.introduction, contact.contact_on, contact.minutes, contact.mode) == (
        intro,
        days_ago(1),
        45,
        "phone",
    )
    assert contact.areas == ["Practical, non-service solutions", "Being heard (advocacy)"]
    assert contact.note == "Talked about the allotment."
    assert contact.recorded_by == coordinator


def test_a_logged_contact_appears_on_the_person_timeline(client_for, coordinator, person, intro):
    client = client_for(coordinator)

    response = client.post(
        reverse("people:contact_new", args=[person.pk]),
        contact_data(area_vision="on"),
        follow=True,
    )

    content = response.content.decode()
    assert "Contact with Rita Riverside logged." in content
    assert "Talked about the allotment." in content
    assert "Vision and plan for the future" in content
    assert [entry.kind for entry in response.context["timeline"]] == ["contact", "introduction"]


def test_first_real_contact_sets_first_contact(client_for, coordinator, person, intro):
    log_contact(client_for(coordinator), person, contact_on=days_ago(18).isoformat())

    intro.refresh_from_db()
    assert intro.first_contact_on == days_ago(18)


def test_an_attempted_contact_does_not_set_first_contact(client_for, coordinator, person, intro):
    log_contact(client_for(coordinator), person, mode=ContactMode.ATTEMPTED, minutes="5", note="")

    intro.refresh_from_db()
    assert intro.first_contact_on is None
    assert list(Contact.objects.values_list("mode", flat=True)) == ["attempted"]


def test_an_earlier_real_contact_moves_first_contact_earlier(
    client_for, coordinator, person, intro
):
    intro.first_contact_on = days_ago(10)
    intro.save()
    factories.ContactFactory(introduction=intro, contact_on=days_ago(10))
    client = client_for(coordinator)

    log_contact(client, person, contact_on=days_ago(5).isoformat())
    intro.refresh_from_db()
    after_later_contact = intro.first_contact_on
    log_contact(client, person, contact_on=days_ago(15).isoformat())
    intro.refresh_from_db()

    assert after_later_contact == days_ago(10)
    assert intro.first_contact_on == days_ago(15)


def test_an_earlier_attempt_does_not_move_first_contact(client_for, coordinator, person, intro):
    intro.first_contact_on = days_ago(10)
    intro.save()

    log_contact(
        client_for(coordinator), person, contact_on=days_ago(15).isoformat(), mode="attempted"
    )

    intro.refresh_from_db()
    assert intro.first_contact_on == days_ago(10)


@pytest.mark.parametrize(
    ("contact_on", "message"),
    [
        ("2026-05-25", "This episode began on 26/05/2026: a contact cannot be before it."),
        ("2026-06-16", "This date is in the future."),
        ("31/02/2026", "Enter a valid date."),
        ("yesterday", "Enter a valid date."),
        ("", "This field is required."),
    ],
)
def test_a_contact_on_an_impossible_date_is_refused_beside_the_field(
    client_for, coordinator, person, intro, contact_on, message
):
    response = log_contact(client_for(coordinator), person, contact_on=contact_on)

    assert response.status_code == 200
    assert response.context["form"].errors == {"contact_on": [message]}
    assert error_beside(response, "id_contact_on")
    content = response.content.decode()
    assert "Talked about the allotment." in content
    assert 'value="45"' in content
    assert not Contact.objects.exists()
    intro.refresh_from_db()
    assert intro.first_contact_on is None


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        ("0", "Ensure this value is greater than or equal to 1."),
        ("1441", "Ensure this value is less than or equal to 1440."),
        ("-5", "Ensure this value is greater than or equal to 1."),
        ("abc", "Enter a whole number."),
        ("", "This field is required."),
    ],
)
def test_minutes_outside_one_minute_to_a_day_are_refused_beside_the_field(
    client_for, coordinator, person, intro, minutes, message
):
    response = log_contact(client_for(coordinator), person, minutes=minutes)

    assert response.status_code == 200
    assert response.context["form"].errors == {"minutes": [message]}
    assert error_beside(response, "id_minutes")
    assert "Talked about the allotment." in response.content.decode()
    assert not Contact.objects.exists()


@pytest.mark.parametrize("minutes", ["1", "1440"])
def test_minutes_from_one_to_a_whole_day_are_accepted(
    client_for, coordinator, person, intro, minutes
):
    log_contact(client_for(coordinator), person, minutes=minutes)

    assert Contact.objects.get().minutes == int(minutes)


def test_a_10000_character_note_is_refused_and_kept(client_for, coordinator, person, intro):
    note = "word " * 2000

    response = log_contact(client_for(coordinator), person, note=note)

    assert list(response.context["form"].errors) == ["note"]
    assert note.strip() in response.content.decode()
    assert not Contact.objects.exists()


def test_an_unknown_mode_is_refused(client_for, coordinator, person, intro):
    response = log_contact(client_for(coordinator), person, mode="telepathy")

    assert list(response.context["form"].errors) == ["mode"]
    assert not Contact.objects.exists()


def test_next_step_on_a_contact_updates_the_introduction(client_for, coordinator, person, intro):
    log_contact(client_for(coordinator), person, next_step="Go to the Men's Shed with her")

    intro.refresh_from_db()
    assert intro.next_step == "Go to the Men's Shed with her"


def test_contact_from_the_caseload_returns_to_the_caseload(client_for, coordinator, person, intro):
    client = client_for(coordinator)

    form_page = client.get(reverse("people:contact_new", args=[person.pk]), {"next": "caseload"})
    response = log_contact(client, person, next="caseload")

    assert 'name="next" value="caseload"' in form_page.content.decode()
    assert response.status_code == 302
    assert response.url == reverse("people:caseload")
    assert Contact.objects.count() == 1


@pytest.mark.parametrize("next_value", ["", "https://evil.example/", "//evil.example"])
def test_contact_with_any_other_next_returns_to_the_person(
    client_for, coordinator, person, intro, next_value
):
    response = log_contact(client_for(coordinator), person, next=next_value)

    assert response.url == person.get_absolute_url()


def test_the_caseload_remembers_where_to_return_after_an_error(
    client_for, coordinator, person, intro
):
    response = log_contact(client_for(coordinator), person, minutes="0", next="caseload")

    assert 'name="next" value="caseload"' in response.content.decode()


def test_contact_without_an_open_introduction_redirects_with_a_message(
    client_for, coordinator, person
):
    factories.IntroductionFactory(
        person=person,
        introduced_on=days_ago(60),
        closed_on=days_ago(30),
        closing_reason=factories.ClosingReasonFactory(),
    )
    client = client_for(coordinator)

    posted = log_contact(client, person)
    response = client.get(reverse("people:contact_new", args=[person.pk]), follow=True)

    assert posted.url == person.get_absolute_url()
    assert not Contact.objects.exists()
    assert response.redirect_chain == [(person.get_absolute_url(), 302)]
    assert (
        "Rita Riverside has no open introduction. Re-introduce them first."
        in response.content.decode()
    )


def test_an_attempted_contact_cannot_claim_areas_of_support(client_for, coordinator, person, intro):
    response = log_contact(
        client_for(coordinator), person, mode=ContactMode.ATTEMPTED, area_relationships="on"
    )

    assert response.status_code == 200
    assert response.context["form"].errors["mode"] == [
        "An attempted contact did not reach the person, so it touched no area of support. "
        "Untick the areas, or choose how you did reach them."
    ]
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("day", "message"),
    [("0001-01-01", "Check the year: records start in 2000."), ("9999-12-31", "future")],
)
def test_a_contact_dated_in_an_impossible_year_is_refused(
    client_for, coordinator, person, intro, day, message
):
    response = log_contact(client_for(coordinator), person, contact_on=day)

    assert message in response.context["form"].errors["contact_on"][0]
    assert not Contact.objects.exists()


def test_the_same_contact_logged_twice_on_purpose_is_logged_twice(
    client_for, coordinator, person, intro
):
    """Two forms with the same details are two contacts. One form sent twice (a double
    tap) is saved once by its token: tests/security/test_double_submit.py."""
    client = client_for(coordinator)
    url = reverse("people:contact_new", args=[person.pk])
    data = contact_data(note="Walked to the library.")

    client.post(url, {**data, "form_token": client.get(url).context["form_token"]})
    second = client.post(url, {**data, "form_token": client.get(url).context["form_token"]})

    assert list(Contact.objects.values_list("note", flat=True)) == ["Walked to the library."] * 2
    assert second.url == person.get_absolute_url()
    assert [str(m) for m in get_messages(second.wsgi_request)][-1] == (
        "Contact with Rita Riverside logged."
    )


def test_two_different_contacts_on_one_day_are_both_logged(client_for, coordinator, person, intro):
    client = client_for(coordinator)

    log_contact(client, person, note="Morning call.")
    log_contact(client, person, note="Afternoon visit.", mode=ContactMode.IN_PERSON)

    assert Contact.objects.count() == 2
