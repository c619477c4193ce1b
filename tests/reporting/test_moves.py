"""When a person moves locality, nothing already recorded moves with them.

Every record keeps the locality it was made in. A move is dated the day it is recorded:
what is recorded after it counts in the new locality, and so does the episode open at the
time, for figures of a day from the move on. A past period's figures never change.
"""

import datetime as dt

import pytest
from django.urls import reverse

from localities.models import Locality
from outcomes.models import WellbeingCheck
from people.models import Connection, Contact, ContactMode, PersonMove
from people.services import contact_log, introduction_close, person_moved
from reporting.figures import Figures
from reporting.periods import Period, Scope, financial_year
from reporting.registry import REGISTRY
from tests import factories
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("frozen_today")

ONS4 = ("life_satisfaction", "worthwhile", "happiness", "anxiety")

D = dt.date
YEAR = financial_year(2025)  # closed: 1 April 2025 to 31 March 2026
NOW = financial_year(2026)  # the current year: the move (TODAY, 15 June 2026) is in it
YESTERDAY = TODAY - dt.timedelta(days=1)


def figures(period, *localities, keys=("introductions", "people_supported", "contacts", "closed")):
    scope = Scope(Locality.objects.filter(pk__in=[place.pk for place in localities]), period)
    figures = Figures(scope)
    return {key: REGISTRY[key].compute(figures) for key in keys}


def by_locality(period, key, *localities) -> dict:
    scope = Scope(Locality.objects.filter(pk__in=[place.pk for place in localities]), period)
    return REGISTRY[key].by_locality(Figures(scope))


def moved_person(locality, coordinator):
    """Supported in Riverside last year (closed), and again now (open)."""
    person = factories.PersonFactory(
        first_name="Margaret", locality=locality, lead_coordinator=coordinator
    )
    closed = factories.IntroductionFactory(
        person=person,
        introduced_on=D(2025, 5, 1),
        first_contact_on=D(2025, 5, 3),
        closed_on=D(2025, 9, 1),
        closing_reason=factories.ClosingReasonFactory(),
    )
    factories.ContactFactory(introduction=closed, contact_on=D(2025, 5, 3))
    factories.WellbeingCheckFactory(person=person, introduction=closed, checked_on=D(2025, 5, 3))
    current = factories.IntroductionFactory(person=person, introduced_on=D(2026, 2, 1))
    factories.ContactFactory(introduction=current, contact_on=D(2026, 2, 2))
    return person, closed, current


def edit_locality(client, person, to):
    """Move someone the way a coordinator does: their edit page, with its form as shown."""
    page = client.get(reverse("people:person_edit", args=[person.pk]))
    data = {
        field.html_name: field.value()
        for field in page.context["form"]
        if field.value() not in (None, "")
    }
    return client.post(reverse("people:person_edit", args=[person.pk]), {**data, "locality": to.pk})


def move(person, to):
    """Move someone through the service the edit page and the admin call."""
    before = person.locality_id
    person.locality = to
    person.save()
    return person_moved(person=person, from_locality_id=before, by=None)


def test_moving_a_person_on_their_page_records_the_move_and_leaves_their_episodes(
    client_for, coordinator, locality, other_locality
):
    person, closed, current = moved_person(locality, coordinator)
    # Moving someone takes a coordinator who covers both localities.
    coordinator.localities.add(other_locality)

    response = edit_locality(client_for(coordinator), person, other_locality)

    assert response.status_code == 302
    closed.refresh_from_db()
    current.refresh_from_db()
    assert (closed.locality, current.locality) == (locality, locality)
    assert list(
        PersonMove.objects.values_list(
            "person", "introduction", "from_locality", "to_locality", "moved_on", "moved_by"
        )
    ) == [(person.pk, current.pk, locality.pk, other_locality.pk, TODAY, coordinator.pk)]


def test_past_figures_do_not_move_with_the_person(
    client_for, coordinator, locality, other_locality
):
    person, _closed, _current = moved_person(locality, coordinator)
    coordinator.localities.add(other_locality)
    riverside, hilltop = figures(YEAR, locality), figures(YEAR, other_locality)
    assert riverside == {"introductions": 2, "people_supported": 1, "contacts": 2, "closed": 1}
    assert hilltop == {"introductions": 0, "people_supported": 0, "contacts": 0, "closed": 0}

    edit_locality(client_for(coordinator), person, other_locality)

    assert figures(YEAR, locality) == riverside
    assert figures(YEAR, other_locality) == hilltop


def test_contacts_logged_after_a_move_count_where_the_person_lives_now(
    coordinator, locality, other_locality
):
    person, closed, current = moved_person(locality, coordinator)
    move(person, other_locality)

    logged = contact_log(
        contact=Contact(introduction=current, contact_on=TODAY, minutes=30, mode=ContactMode.PHONE),
        by=coordinator,
    )

    places = dict(Contact.objects.values_list("contact_on", "locality"))
    assert places == {
        D(2025, 5, 3): locality.pk,
        D(2026, 2, 2): locality.pk,
        TODAY: other_locality.pk,
    }
    assert logged.locality == other_locality
    assert figures(NOW, locality, keys=("contacts",)) == {"contacts": 0}
    assert figures(NOW, other_locality, keys=("contacts",)) == {"contacts": 1}


def test_an_open_episode_counts_where_the_person_lived_at_the_period_end(
    coordinator, locality, other_locality
):
    person, _closed, _current = moved_person(locality, coordinator)
    move(person, other_locality)
    to_yesterday = Period(D(2026, 4, 1), YESTERDAY, "before the move")
    to_today = Period(D(2026, 4, 1), TODAY, "with the move")

    assert by_locality(to_yesterday, "active_at_end", locality, other_locality) == {locality.pk: 1}
    assert by_locality(to_today, "active_at_end", locality, other_locality) == {
        other_locality.pk: 1
    }
    assert figures(to_today, locality, other_locality, keys=("active_at_end",)) == {
        "active_at_end": 1
    }
    # Last year's end is before the move: it stays where it was.
    assert by_locality(YEAR, "active_at_end", locality, other_locality) == {locality.pk: 1}


def test_someone_moved_closed_and_introduced_again_counts_once_where_they_live(
    coordinator, locality, other_locality
):
    person, _closed, current = moved_person(locality, coordinator)
    move(person, other_locality)
    introduction_close(
        introduction=current,
        closed_on=TODAY,
        reason=factories.ClosingReasonFactory(),
        by=coordinator,
    )
    factories.IntroductionFactory(person=person, introduced_on=TODAY)
    both = (locality, other_locality)

    # The first episode was made in Riverside, and was in Hilltop when it closed; the
    # second was made in Hilltop. One person, counted where they were supported last.
    assert by_locality(NOW, "people_supported", *both) == {other_locality.pk: 1}
    assert by_locality(NOW, "closed", *both) == {other_locality.pk: 1}
    assert by_locality(NOW, "introductions", *both) == {other_locality.pk: 1}
    assert by_locality(YEAR, "introductions", *both) == {locality.pk: 2}
    assert figures(NOW, *both, keys=("people_supported", "active_at_end", "closed")) == {
        "people_supported": 1,
        "active_at_end": 1,
        "closed": 1,
    }


def test_someone_supported_in_two_localities_counts_once_in_both_together(
    coordinator, locality, other_locality
):
    person, closed, current = moved_person(locality, coordinator)
    introduction_close(
        introduction=current,
        closed_on=D(2026, 5, 1),
        reason=factories.ClosingReasonFactory(),
        by=coordinator,
    )
    move(person, other_locality)
    factories.IntroductionFactory(person=person, introduced_on=TODAY)
    both = Figures(Scope(Locality.objects.filter(pk__in=[locality.pk, other_locality.pk]), NOW))

    supported = REGISTRY["people_supported"]

    assert supported.by_locality(both) == {locality.pk: 1, other_locality.pk: 1}
    assert supported.compute(both) == 1


def test_a_wellbeing_check_counts_where_its_episode_was(coordinator, locality, other_locality):
    person, closed, current = moved_person(locality, coordinator)
    factories.WellbeingCheckFactory(person=person, introduction=closed, checked_on=D(2025, 8, 1))
    move(person, other_locality)

    riverside = Figures(Scope(Locality.objects.filter(pk=locality.pk), YEAR))
    hilltop = Figures(Scope(Locality.objects.filter(pk=other_locality.pk), YEAR))

    assert REGISTRY["wellbeing_change"].compute(riverside).paired == 1
    assert REGISTRY["wellbeing_change"].compute(hilltop).paired == 0


def test_an_administrator_moving_a_person_leaves_every_episode_where_it_was_made(
    client_for, administrator, coordinator, locality, other_locality
):
    person, closed, current = moved_person(locality, coordinator)
    url = reverse("admin:people_person_change", args=[person.pk])
    page = client_for(administrator).get(url)
    data = {
        field.html_name: field.value()
        for field in page.context["adminform"].form
        if field.value() is not None
    }
    for inline in page.context["inline_admin_formsets"]:
        for form in [inline.formset.management_form, *inline.formset.forms]:
            data.update({f.html_name: f.value() for f in form if f.value() is not None})

    client_for(administrator).post(url, {**data, "locality": other_locality.pk})

    closed.refresh_from_db()
    current.refresh_from_db()
    assert (closed.locality, current.locality) == (locality, locality)
    assert list(PersonMove.objects.values_list("introduction", "to_locality", "moved_by")) == [
        (current.pk, other_locality.pk, administrator.pk)
    ]


def test_connections_stay_where_they_were_made(coordinator, locality, other_locality):
    person, closed, current = moved_person(locality, coordinator)
    old = factories.ConnectionFactory(person=person, introduction=closed)
    new = factories.ConnectionFactory(person=person, introduction=current)
    move(person, other_locality)

    after = Connection(
        person=person,
        introduction=current,
        asset=factories.CommunityAssetFactory(locality=other_locality),
        suggested_on=TODAY,
    )
    after.save()

    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.locality, new.locality, after.locality) == (
        locality,
        locality,
        other_locality,
    )


def test_a_check_without_an_episode_counts_where_the_person_lived_then(
    coordinator, locality, other_locality
):
    person, _closed, _current = moved_person(locality, coordinator)
    check = WellbeingCheck.objects.create(
        person=person, checked_on=D(2025, 6, 1), **dict.fromkeys(ONS4, 5)
    )
    move(person, other_locality)

    check.refresh_from_db()
    assert check.locality == locality


def test_someone_who_moved_with_an_open_episode_counts_with_their_outcome_where_they_live(
    coordinator, locality, other_locality
):
    person, _closed, current = moved_person(locality, coordinator)
    move(person, other_locality)
    factories.OutcomeFactory(
        person=person, introduction=current, locality=other_locality, achieved_on=TODAY
    )
    keys = ("people_supported", "people_with_outcome", "people_with_outcome_share")

    assert figures(NOW, other_locality, keys=keys) == {
        "people_supported": 1,
        "people_with_outcome": 1,
        "people_with_outcome_share": 100.0,
    }


def test_the_contact_log_filters_contacts_by_where_they_were_logged(
    client_for, coordinator, locality, other_locality
):
    person, _closed, current = moved_person(locality, coordinator)
    coordinator.localities.add(other_locality)
    move(person, other_locality)
    contact_log(
        contact=Contact(introduction=current, contact_on=TODAY, minutes=20, note="In Hilltop"),
        by=coordinator,
    )
    client = client_for(coordinator)

    def logged_in(place):
        response = client.get(reverse("people:contact_list"), {"locality": place.pk})
        return [contact.contact_on for contact in response.context["page"]]

    assert logged_in(locality) == [D(2026, 2, 2), D(2025, 5, 3)]
    assert logged_in(other_locality) == [TODAY]
