"""A number too large for the database is a clear 400, never a 500, on either database."""

import pytest
from django.db import connection

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"id__in": HUGE}, False),
        ({"pk__in": "{pk}," + HUGE}, True),
        ({"locality__id__in": HUGE}, False),
    ],
)
def test_an_admin_list_filter_with_a_huge_id_is_not_a_server_error(
    client_for, administrator, person, query, named
):
    query = {key: value.format(pk=person.pk) for key, value in query.items()}

    response = client_for(administrator).get("/admin/people/person/", query)

    if connection.vendor == "sqlite":
        assert response.status_code == 400
        assert "too large to be an id" in response.text
    else:  # PostgreSQL answers with the rows of the ids that exist, and no others
        shown = [row.pk for row in response.context["cl"].result_list]
        assert shown == ([person.pk] if named else [])


def test_an_admin_form_with_a_huge_id_in_a_multiple_choice_is_not_a_server_error(
    client_for, administrator, coordinator, locality
):
    url = f"/admin/coordinators/user/{coordinator.pk}/change/"
    data = {
        "username": coordinator.username,
        "first_name": coordinator.first_name,
        "last_name": coordinator.last_name,
        "localities": [str(locality.pk), HUGE],
        "is_active": "on",
    }

    response = client_for(administrator).post(url, data)

    assert response.status_code in (200, 400)
    coordinator.refresh_from_db()
    assert list(coordinator.localities.all()) == [locality]
