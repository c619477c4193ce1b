"""When a person moves locality, past figures stay where the work was done.

A closed episode, with its contacts, connections and wellbeing checks, keeps the
locality it had; an open one moves with the person, as its work now happens there.
"""

import datetime as dt

from django.urls import reverse

from localities.models import Locality
from outcomes.models import WellbeingCheck
from people.models import Introduction
from people.services import episodes_follow
from reporting.figures import Figures
from reporting.periods import Period, Scope
from reporting.registry import REGISTRY
from tests import factories

ONS4 = ("life_satisfaction", "worthwhile", "happiness", "anxiety")

D = dt.date
YEAR = Period(D(2025, 4, 1), D(2026, 3, 31), "2025/26")


def figures(locality, keys=("introductions", "people_supported", "contacts", "closed")):
    scope = Scope(Locality.objects.filter(pk=locality.pk), YEAR)
    figures = Figures(scope)
    return {key: REGISTRY[key].compute(figures) for key in keys}


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


def test_moving_a_person_leaves_a_closed_episode_where_it_was(
    client_for, coordinator, locality, other_locality
):
    person, closed, current = moved_person(locality, coordinator)
    # Moving someone takes a coordinator who covers both localities.
    coordinator.localities.add(other_locality)
    form = client_for(coordinator).get(reverse("people:person_edit", args=[person.pk]))
    data = {
        field.html_name: field.value()
        for field in form.context["form"]
        if field.value() not in (None, "")
    }

    response = client_for(coordinator).post(
        reverse("people:person_edit", args=[person.pk]),
        {**data, "locality": other_locality.pk, "lead_coordinator": coordinator.pk},
    )

    assert response.status_code == 302
    closed.refresh_from_db()
    current.refresh_from_db()
    assert (closed.locality, current.locality) == (locality, other_locality)


def test_past_figures_do_not_move_with_the_person(coordinator, locality, other_locality):
    person, closed, current = moved_person(locality, coordinator)
    before = figures(locality)
    assert before == {"introductions": 2, "people_supported": 1, "contacts": 2, "closed": 1}

    person.locality = other_locality
    person.save()
    Introduction.objects.filter(pk=current.pk).update(locality=other_locality)

    assert figures(locality) == {
        "introductions": 1,
        "people_supported": 1,
        "contacts": 1,
        "closed": 1,
    }
    assert figures(other_locality) == {
        "introductions": 1,
        "people_supported": 1,
        "contacts": 1,
        "closed": 0,
    }


def test_someone_supported_in_two_localities_counts_once_in_both_together(
    coordinator, locality, other_locality
):
    person, closed, current = moved_person(locality, coordinator)
    Introduction.objects.filter(pk=current.pk).update(locality=other_locality)
    both = Figures(Scope(Locality.objects.filter(pk__in=[locality.pk, other_locality.pk]), YEAR))

    supported = REGISTRY["people_supported"]

    assert supported.by_locality(both) == {locality.pk: 1, other_locality.pk: 1}
    assert supported.compute(both) == 1


def test_a_wellbeing_check_counts_where_its_episode_was(coordinator, locality, other_locality):
    person, closed, current = moved_person(locality, coordinator)
    factories.WellbeingCheckFactory(person=person, introduction=closed, checked_on=D(2025, 8, 1))
    person.locality = other_locality
    person.save()

    riverside = Figures(Scope(Locality.objects.filter(pk=locality.pk), YEAR))
    hilltop = Figures(Scope(Locality.objects.filter(pk=other_locality.pk), YEAR))

    assert REGISTRY["wellbeing_change"].compute(riverside).paired == 1
    assert REGISTRY["wellbeing_change"].compute(hilltop).paired == 0


def test_an_administrator_moving_a_person_moves_only_the_open_episode(
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
    assert (closed.locality, current.locality) == (locality, other_locality)


def test_connections_move_with_the_open_episode_only(
    client_for, coordinator, locality, other_locality
):
    person, closed, current = moved_person(locality, coordinator)
    old = factories.ConnectionFactory(person=person, introduction=closed)
    new = factories.ConnectionFactory(person=person, introduction=current)
    person.locality = other_locality
    person.save()

    episodes_follow(person)

    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.locality, new.locality) == (locality, other_locality)


def test_a_check_without_an_episode_counts_where_the_person_lived_then(
    coordinator, locality, other_locality
):
    person, _closed, _current = moved_person(locality, coordinator)
    check = WellbeingCheck.objects.create(
        person=person, checked_on=D(2025, 6, 1), **dict.fromkeys(ONS4, 5)
    )
    person.locality = other_locality
    person.save()
    episodes_follow(person)

    check.refresh_from_db()
    assert check.locality == locality
