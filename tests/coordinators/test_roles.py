"""Roles: the groups the data migration creates, what each may do, and the role properties."""

import pytest
from django.contrib.auth.models import Group

from coordinators.models import Role
from coordinators.roles import role_permissions
from tests import factories


def permission_names(group: Group) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_migration_created_exactly_the_three_role_groups(db):
    assert set(Group.objects.values_list("name", flat=True)) == {
        "Coordinator",
        "Manager",
        "Administrator",
    }
    assert set(role_permissions()) == set(Role.values)


@pytest.mark.parametrize("role", Role.values)
def test_role_group_has_exactly_the_permissions_listed_in_roles(db, role):
    group = Group.objects.get(name=role)

    assert permission_names(group) == set(role_permissions()[role])


@pytest.mark.parametrize("role", Role.values)
def test_roles_list_no_permission_twice(role):
    permissions = role_permissions()[role]

    assert len(permissions) == len(set(permissions))


def test_coordinator_can_record_contacts_but_not_view_dashboards(coordinator):
    assert coordinator.has_perm("people.add_contact")
    assert coordinator.has_perm("people.view_person")
    assert not coordinator.has_perm("localities.view_dashboard")
    assert not coordinator.has_perm("people.delete_person")
    assert not coordinator.has_perm("localities.change_locality")
    assert not coordinator.is_staff


def test_manager_can_view_dashboards_and_record_contacts(manager):
    assert manager.has_perm("localities.view_dashboard")
    assert manager.has_perm("people.add_contact")
    assert not manager.has_perm("localities.change_locality")
    assert not manager.has_perm("coordinators.change_user")


def test_administrator_is_staff_and_configures_localities_and_users(administrator):
    assert administrator.is_staff
    assert administrator.has_perm("localities.change_locality")
    assert administrator.has_perm("localities.add_locality")
    assert administrator.has_perm("coordinators.change_user")
    assert administrator.has_perm("coordinators.add_user")
    assert administrator.has_perm("auth.view_group")
    assert not administrator.has_perm("auth.change_group")


def test_administrator_does_not_view_dashboards_without_the_manager_role(administrator):
    assert not administrator.has_perm("localities.view_dashboard")


def test_user_without_a_role_has_no_permissions(db):
    user = factories.UserFactory()

    assert user.get_all_permissions() == set()


@pytest.mark.parametrize(
    ("factory", "expected"),
    [
        (factories.UserFactory, (False, False, False)),
        (factories.CoordinatorFactory, (True, False, False)),
        (factories.ManagerFactory, (False, True, False)),
        (factories.AdministratorFactory, (False, False, True)),
    ],
    ids=["no role", "coordinator", "manager", "administrator"],
)
def test_role_properties_follow_the_groups(db, factory, expected):
    user = factory()

    assert (user.is_coordinator, user.is_manager, user.is_administrator) == expected


def test_user_with_two_roles_has_both(db):
    user = factories.CoordinatorFactory()
    user.groups.add(Group.objects.get(name=Role.MANAGER))

    assert (user.is_coordinator, user.is_manager, user.is_administrator) == (True, True, False)


def test_superuser_counts_as_manager_and_administrator_but_not_coordinator(db):
    user = factories.UserFactory(is_superuser=True)

    assert (user.is_coordinator, user.is_manager, user.is_administrator) == (False, True, True)
