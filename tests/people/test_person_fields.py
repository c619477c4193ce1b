"""A person's single-line details: no hidden characters, a phone number, a UK postcode."""

import pytest
from django.urls import reverse

from tests.people.test_optimistic_locking import person_data


def edit(client, person, **changes):
    return client.post(
        reverse("people:person_edit", args=[person.pk]),
        person_data(person, version=str(person.version), **changes),
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", "Ri\x1bta"),
        ("last_name", "Smith\u202egnirts"),
        ("preferred_name", "Bel\x07"),
        ("phone", "07700\x01900123"),
        ("postcode", "AB1\u2066 2CD"),
        ("first_name", "Ann\u200fe"),
        ("last_name", "\ufeffSmith"),
        ("first_name", "Ro\u200bse"),
        ("last_name", "Jo\xadnes"),
    ],
)
def test_hidden_characters_are_refused_beside_their_field(
    client_for, coordinator, person, field, value
):
    response = edit(client_for(coordinator), person, **{field: value})

    assert response.status_code == 200
    assert any("hidden control" in error for error in response.context["form"].errors[field])
    person.refresh_from_db()
    assert person.version == 1


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("07700 900123", "07700 900123"),
        ("+44 (0)1632  960 001", "+44 (0)1632 960 001"),
        ("01632-960001", "01632-960001"),
        ("(01632) 960001", "(01632) 960001"),
    ],
)
def test_a_phone_number_is_kept_as_written_with_spaces_tidied(
    client_for, coordinator, person, typed, saved
):
    edit(client_for(coordinator), person, phone=typed)

    person.refresh_from_db()
    assert person.phone == saved


@pytest.mark.parametrize(
    "typed", ["31/02/2026", "<script>", "ring her", "12", "0------", "0 ()()()", "+44+1632960001"]
)
def test_something_that_is_not_a_phone_number_is_refused(client_for, coordinator, person, typed):
    response = edit(client_for(coordinator), person, phone=typed)

    assert response.context["form"].errors["phone"] == [
        "Enter a phone number of 7 to 15 digits; spaces, brackets, + and - are fine."
    ]
    assert f'value="{typed}"' in response.text or typed == "<script>"


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        ("  m1   1ae ", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("gir0aa", "GIR 0AA"),
        ("", ""),
    ],
)
def test_a_postcode_is_written_the_royal_mail_way(client_for, coordinator, person, typed, saved):
    edit(client_for(coordinator), person, postcode=typed)

    person.refresh_from_db()
    assert person.postcode == saved


@pytest.mark.parametrize("typed", ["31/02/2026", "AB", "12345", "SW1A 1A", "Q1 1AA"])
def test_something_that_is_not_a_postcode_is_refused(client_for, coordinator, person, typed):
    response = edit(client_for(coordinator), person, postcode=typed)

    assert response.context["form"].errors["postcode"] == ["Enter a UK postcode, such as SW1A 1AA."]
