"""One permission style: a role grants Django permissions, and the code checks those.

Each test gives or takes away one permission, so it proves the page reads the permission
and not the name of the user's role.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from coordinators.models import Role
from tests import factories

AUDIT = "auditlog.view_logentry"
SUBJECT_ACCESS = "coordinators.export_subject_access"


def permission(name: str) -> Permission:
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant(user, name: str) -> None:
    user.user_permissions.add(permission(name))


def revoke_from_role(role: str, name: str) -> None:
    Group.objects.get(name=role).permissions.remove(permission(name))


def nav_links(response) -> list[str]:
    nav = response.content.decode().split('<ul class="navbar-nav')[1].split("</ul>")[0]
    return re.findall(r'class="nav-link" href="[^"]*">([^<]+)</a>', nav)


# What each role is granted


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("coordinator", (False, False)),
        ("manager", (True, False)),
        ("administrator", (True, True)),
    ],
)
def test_roles_grant_subject_access_and_the_audit_trail(request, persona, expected):
    user = request.getfixturevalue(persona)

    assert (user.has_perm(SUBJECT_ACCESS), user.has_perm(AUDIT)) == expected


# Subject access


def test_subject_access_opens_for_anyone_given_the_permission(client_for, coordinator, person):
    grant(coordinator, SUBJECT_ACCESS)

    response = client_for(coordinator).get(
        reverse("people:person_subject_access", args=[person.pk])
    )

    assert response.status_code == 200
    assert response.context["person"] == person


def test_subject_access_is_refused_to_a_manager_whose_role_lost_the_permission(
    client_for, manager, person
):
    revoke_from_role(Role.MANAGER, SUBJECT_ACCESS)

    response = client_for(manager).get(reverse("people:person_subject_access", args=[person.pk]))

    assert response.status_code == 403


# The audit trail


def test_audit_trail_opens_for_staff_given_the_permission(client_for, coordinator):
    coordinator.is_staff = True
    coordinator.save()
    grant(coordinator, AUDIT)

    response = client_for(coordinator).get(reverse("people:audit_list"))

    assert response.status_code == 200
    assert response.context["person"] is None


def test_audit_trail_is_refused_to_an_administrator_whose_role_lost_the_permission(
    client_for, administrator
):
    revoke_from_role(Role.ADMINISTRATOR, AUDIT)

    response = client_for(administrator).get(reverse("people:audit_list"))

    assert response.status_code == 403


def test_menu_offers_the_audit_trail_only_to_who_may_read_it(client_for, coordinator):
    coordinator.is_staff = True
    coordinator.save()
    client = client_for(coordinator)

    before = nav_links(client.get(reverse("people:person_list")))
    grant(coordinator, AUDIT)
    after = nav_links(client.get(reverse("people:person_list")))

    assert "Administration" in before
    assert "Audit trail" not in before
    assert after[-2:] == ["Administration", "Audit trail"]


def test_subject_access_page_links_the_trail_only_for_who_may_read_it(
    client_for, manager, administrator, person
):
    url = reverse("people:person_subject_access", args=[person.pk])
    trail = f"{reverse('people:audit_list')}?person={person.pk}"

    assert trail not in client_for(manager).get(url).content.decode()
    assert trail in client_for(administrator).get(url).content.decode()


# Where the home page sends each user


def test_home_sends_whoever_may_view_dashboards_to_the_dashboard(client_for, locality):
    user = factories.UserFactory(localities=[locality])
    grant(user, "localities.view_dashboard")

    response = client_for(user).get("/")

    assert (response.status_code, response.url) == (302, reverse("reporting:dashboard"))


def test_home_sends_whoever_may_read_caseloads_to_theirs(client_for, locality):
    user = factories.UserFactory(localities=[locality])
    grant(user, "people.view_introduction")

    response = client_for(user).get("/")

    assert (response.status_code, response.url) == (302, reverse("people:caseload"))


def test_home_sends_an_administrator_without_staff_status_to_what_their_role_opens(
    client_for, administrator
):
    """Not to the admin, which would refuse them: to the caseloads they may read."""
    administrator.is_staff = False
    administrator.save()

    response = client_for(administrator).get("/")

    assert (response.status_code, response.url) == (302, reverse("people:caseload"))


# Nothing asks for a role by name any more

ROLE_CHECK = re.compile(r"\b(?:is_coordinator|is_manager|is_administrator|role_names)\b")


def test_no_view_form_or_template_checks_a_role_by_name():
    base = Path(settings.BASE_DIR)
    sources = [
        path
        for pattern in ("*/*.py", "*/**/*.py", "templates/**/*.html")
        for path in base.glob(pattern)
        if ".venv" not in path.parts
        and "tests" not in path.parts
        and "migrations" not in path.parts
        and path != base / "coordinators" / "models.py"
    ]
    found = sorted(
        f"{path.relative_to(base)}:{number}"
        for path in set(sources)
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if ROLE_CHECK.search(line)
    )

    assert found == []
