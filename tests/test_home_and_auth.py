"""Logging in and out, where each role lands, and the security headers on every page."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group

from coordinators.models import Role
from tests import factories

PASSWORD = "correct-horse-battery"


class Tags(HTMLParser):
    """Every start tag of a page, as (tag, attributes)."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def log_in(client, username: str, password: str = PASSWORD, **extra):
    return client.post(
        "/login/", {"username": username, "password": password, **extra}, follow=True
    )


# Anonymous visitors


@pytest.mark.parametrize(
    ("path", "login_url"),
    [("/", "/login/?next=/"), ("/people/", "/login/?next=/people/")],
)
def test_anonymous_visitor_is_sent_to_login_with_next(client, db, path, login_url):
    response = client.get(path)

    assert response.status_code == 302
    assert response.url == login_url


def test_login_page_has_a_labelled_username_and_password(client, db):
    response = client.get("/login/")

    assert response.status_code == 200
    page = Tags(response.content.decode())
    [form] = page.all("form")
    assert form["method"] == "post"
    labels = {label["for"] for label in page.all("label")}
    inputs = {field["name"]: field for field in page.all("input")}
    assert {"id_username", "id_password"} <= labels
    assert inputs["username"]["id"] == "id_username"
    assert inputs["username"]["autocomplete"] == "username"
    assert inputs["password"]["id"] == "id_password"
    assert inputs["password"]["type"] == "password"
    assert inputs["password"]["autocomplete"] == "current-password"


def test_login_page_keeps_next_for_after_login(client, db):
    response = client.get("/login/", {"next": "/people/"})

    inputs = {field["name"]: field for field in Tags(response.content.decode()).all("input")}
    assert inputs["next"]["value"] == "/people/"


# Logging in: each role lands where they work


def test_coordinator_lands_on_their_caseload(client, coordinator):
    response = log_in(client, "cora")

    assert response.redirect_chain == [("/", 302), ("/people/caseload/", 302)]
    assert response.status_code == 200
    assert response.templates[0].name == "people/caseload.html"


def test_manager_lands_on_the_dashboard(client, manager):
    response = log_in(client, "mina")

    assert response.redirect_chain == [("/", 302), ("/reports/dashboard/", 302)]
    assert response.status_code == 200
    assert response.templates[0].name == "reporting/dashboard.html"


def test_manager_who_also_coordinates_is_sent_to_the_dashboard(client, locality):
    user = factories.ManagerFactory(username="mona", localities=[locality])
    user.groups.add(Group.objects.get(name=Role.COORDINATOR))
    client.force_login(user)

    response = client.get("/")

    assert response.status_code == 302
    assert response.url == "/reports/dashboard/"


def test_administrator_lands_on_the_admin(client, administrator):
    response = log_in(client, "ada")

    assert response.redirect_chain == [("/", 302), ("/admin/", 302)]
    assert response.status_code == 200
    assert response.templates[0].name == "admin/index.html"


def test_login_honours_next(client, coordinator):
    response = log_in(client, "cora", next="/assets/")

    assert response.redirect_chain == [("/assets/", 302)]
    assert response.status_code == 200
    assert response.templates[0].name == "localities/communityasset_list.html"


def test_login_ignores_next_pointing_off_site(client, coordinator):
    response = log_in(client, "cora", next="https://evil.example/")

    assert response.redirect_chain == [("/", 302), ("/people/caseload/", 302)]


def test_wrong_password_shows_the_form_again_with_a_message(client, coordinator):
    response = log_in(client, "cora", password="wrong-horse-battery")

    assert response.redirect_chain == []
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Please enter a correct username and password. Note that both fields may be case-sensitive."
    ]
    assert "_auth_user_id" not in client.session


def test_inactive_user_cannot_log_in(client, locality):
    factories.CoordinatorFactory(username="former", localities=[locality], is_active=False)

    response = log_in(client, "former")

    assert response.redirect_chain == []
    assert "_auth_user_id" not in client.session


def test_logged_in_user_visiting_login_goes_home(client, coordinator):
    client.force_login(coordinator)

    response = client.get("/login/")

    assert response.status_code == 302
    assert response.url == "/"


def test_user_without_a_role_is_told_to_ask_an_administrator(client, db):
    factories.UserFactory(username="nobody")

    response = log_in(client, "nobody")

    assert response.redirect_chain == [("/", 302)]
    assert response.templates[0].name == "lac/no_role.html"
    assert "Ask an administrator" in response.text


# Logging out


def test_logout_by_post_ends_the_session(client, coordinator):
    client.force_login(coordinator)

    response = client.post("/logout/")

    assert response.status_code == 302
    assert response.url == "/login/"
    assert "_auth_user_id" not in client.session
    after = client.get("/")
    assert after.status_code == 302
    assert after.url == "/login/?next=/"


def test_logout_by_get_is_refused(client, coordinator):
    client.force_login(coordinator)

    response = client.get("/logout/")

    assert response.status_code == 405
    assert client.get("/").url == "/people/caseload/"


def test_every_page_offers_logout_as_a_post_form(client, coordinator):
    client.force_login(coordinator)

    response = client.get("/people/caseload/")

    forms = Tags(response.content.decode()).all("form")
    assert {"method": "post", "action": "/logout/", "class": "d-flex align-items-center gap-2"} in (
        forms
    )


# Security headers


def csp_nonce(response) -> str:
    policy = response["Content-Security-Policy"]
    [script_src] = [
        part.strip() for part in policy.split(";") if part.strip().startswith("script-src ")
    ]
    [nonce] = re.findall(r"'nonce-([A-Za-z0-9_\-+/=]+)'", script_src)
    return nonce


@pytest.mark.parametrize("persona", [None, "coordinator", "manager"])
def test_pages_carry_a_content_security_policy_with_a_script_nonce(request, client, db, persona):
    if persona:
        client.force_login(request.getfixturevalue(persona))

    response = client.get("/login/" if persona is None else "/", follow=True)

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy.split("; ")
    assert "object-src 'none'" in policy.split("; ")
    nonce = csp_nonce(response)
    scripts = Tags(response.content.decode()).all("script")
    executable = [s for s in scripts if s.get("type") != "application/json"]
    assert len(executable) >= 2
    # No inline code: every script is a file from our origin carrying this response's nonce.
    assert all(s.get("src", "").startswith("/static/") for s in executable)
    assert {s["nonce"] for s in executable} == {nonce}


def test_each_response_gets_a_fresh_nonce(client, db):
    first, second = client.get("/login/"), client.get("/login/")

    assert csp_nonce(first) != csp_nonce(second)


def test_pages_forbid_sniffing_framing_and_cross_site_referrers(client, db):
    response = client.get("/login/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
