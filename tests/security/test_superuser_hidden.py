"""A superuser is out of reach of every administrator who is not one: changing their
password or details would hand over every permission there is."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coordinators.models import User
from tests import factories
from tests.test_admin import admin_url

PASSWORD = "the superusers own passphrase"


@pytest.fixture
def superuser(locality):
    user = User.objects.create_superuser(
        username="sylvester", first_name="Sylvester", password=PASSWORD
    )
    user.localities.add(locality)
    return user


def _password_url(user: User) -> str:
    return reverse("admin:auth_user_password_change", args=[user.pk])


def test_an_administrator_does_not_list_superusers(
    client_for, administrator, coordinator, superuser
):
    response = client_for(administrator).get(admin_url(User, "changelist"))

    assert set(response.context["cl"].result_list) == {administrator, coordinator}
    assert "sylvester" not in response.text


@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_an_administrator_gets_a_404_for_a_superusers_pages(
    client_for, administrator, superuser, view
):
    response = client_for(administrator).get(admin_url(User, view, superuser.pk))

    assert response.status_code == 404
    assert "sylvester" not in response.text


def test_an_administrator_cannot_change_a_superusers_password(client_for, administrator, superuser):
    client = client_for(administrator)
    new = "a password the administrator picked"

    page = client.get(_password_url(superuser))
    posted = client.post(
        _password_url(superuser),
        {"password1": new, "password2": new, "usable_password": "true"},
    )

    assert (page.status_code, posted.status_code) == (404, 404)
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)
    assert not superuser.check_password(new)


def test_an_administrator_cannot_change_a_superusers_details(client_for, administrator, superuser):
    data = {
        "username": "sylvester",
        "email": "administrator@example.org",
        "is_active": "on",
        "date_joined_0": "01/01/2026",
        "date_joined_1": "09:00:00",
    }

    response = client_for(administrator).post(admin_url(User, "change", superuser.pk), data)

    assert response.status_code == 404
    superuser.refresh_from_db()
    assert (superuser.email, superuser.is_active) == ("", True)


def test_an_administrator_still_changes_another_users_password(
    client_for, administrator, coordinator
):
    new = "a fresh passphrase for cora"

    response = client_for(administrator).post(
        _password_url(coordinator),
        {"password1": new, "password2": new, "usable_password": "true"},
    )

    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password(new)


def test_a_superuser_sees_and_manages_superusers(client_for, superuser, administrator):
    other = factories.UserFactory(username="sam", is_superuser=True, is_staff=True)
    client = client_for(superuser)

    listed = client.get(admin_url(User, "changelist"))
    page = client.get(_password_url(other))

    assert set(listed.context["cl"].result_list) == {superuser, other, administrator}
    assert page.status_code == 200
    assert page.context["original"] == other
