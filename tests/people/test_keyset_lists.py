"""Long lists page by key, not offset: every row once, in order, in both directions."""

import datetime as dt

import pytest
from django.urls import reverse

from lac.pagination import keyset_page
from tests import factories


def names(response) -> list[str]:
    return [p.full_name for p in response.context["page"]]


def walk(client, url, params=None):
    """Follow Next links to the end; return the pages' rows and the last response."""
    pages, response = [], client.get(url, params or {})
    pages.append(list(response.context["page"]))
    while response.context["page"].next_cursor:
        response = client.get(
            url, {**(params or {}), "after": response.context["page"].next_cursor}
        )
        pages.append(list(response.context["page"]))
    return pages, response


def test_people_list_pages_through_everyone_once_in_surname_order(
    client_for, coordinator, locality, outsider_person, monkeypatch
):
    monkeypatch.setitem(keyset_page.__kwdefaults__, "per_page", 3)
    # Ties on surname and first name are broken by id, so no one is lost between pages.
    for first, last in [
        ("Ann", "Bell"),
        ("Ann", "Bell"),
        ("Bo", "Bell"),
        ("Cy", "Ash"),
        ("Di", "Cole"),
        ("Ed", "Ash"),
        ("Flo", "Dunn"),
    ]:
        factories.PersonFactory(first_name=first, last_name=last, locality=locality)
    client = client_for(coordinator)

    pages, _ = walk(client, reverse("people:person_list"))

    assert [[p.full_name for p in page] for page in pages] == [
        ["Cy Ash", "Ed Ash", "Ann Bell"],
        ["Ann Bell", "Bo Bell", "Di Cole"],
        ["Flo Dunn"],
    ]


def test_previous_goes_back_to_the_same_rows(client_for, coordinator, locality, monkeypatch):
    monkeypatch.setitem(keyset_page.__kwdefaults__, "per_page", 2)
    for last in ["Ash", "Bell", "Cole", "Dunn", "Eve"]:
        factories.PersonFactory(first_name="Al", last_name=last, locality=locality)
    client = client_for(coordinator)
    first = client.get(reverse("people:person_list"))
    second = client.get(reverse("people:person_list"), {"after": first.context["page"].next_cursor})

    back = client.get(
        reverse("people:person_list"), {"before": second.context["page"].previous_cursor}
    )

    assert names(second) == ["Al Cole", "Al Dunn"]
    assert names(back) == names(first) == ["Al Ash", "Al Bell"]
    assert back.context["page"].previous_cursor is None


@pytest.mark.parametrize("cursor", ["garbage", "W10", "WyJ4Il0", "%%%", "W251bGwsIG51bGwsIG51bGxd"])
def test_a_tampered_cursor_gives_the_first_page_not_an_error(
    client_for, coordinator, person, cursor
):
    response = client_for(coordinator).get(reverse("people:person_list"), {"after": cursor})

    assert response.status_code == 200
    assert names(response) == ["Rita Riverside"]


def test_contact_list_is_newest_first_and_shows_no_other_locality(
    client_for, coordinator, person, outsider_person, monkeypatch
):
    monkeypatch.setitem(keyset_page.__kwdefaults__, "per_page", 2)
    hidden = factories.IntroductionFactory(person=outsider_person)
    factories.ContactFactory(
        introduction=hidden, note="Hilltop secret", contact_on=dt.date(2026, 6, 1)
    )
    intro = factories.IntroductionFactory(person=person, introduced_on=dt.date(2026, 1, 1))
    for day in [3, 1, 2]:
        factories.ContactFactory(
            introduction=intro, contact_on=dt.date(2026, 5, day), note=f"May {day}"
        )
    client = client_for(coordinator)

    pages, last = walk(client, reverse("people:contact_list"))

    assert [[c.note for c in page] for page in pages] == [["May 3", "May 2"], ["May 1"]]
    assert "Hilltop secret" not in last.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_contact_list_query_count_does_not_grow_with_rows(
    client_for, coordinator, person, django_assert_num_queries, n
):
    """Guards the N+1 on each contact's person, locality and recorder."""
    intro = factories.IntroductionFactory(person=person)
    for _ in range(n):
        factories.ContactFactory(introduction=intro, recorded_by=coordinator)
    client = client_for(coordinator)

    with django_assert_num_queries(9):
        response = client.get(reverse("people:contact_list"))

    assert len(response.context["page"]) == n
