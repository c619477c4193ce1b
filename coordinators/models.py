from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from auditlog.models import LogEntry
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Exists, OuterRef, Q

from coordinators.roles import Role
from localities.models import Locality


class UserQuerySet(models.QuerySet):
    def coordinators(self) -> UserQuerySet:
        return self.filter(groups__name=Role.COORDINATOR)

    def covering(self, localities: Iterable[Locality]) -> UserQuerySet:
        """Active users who work in any of `localities` or cover them all: who may lead,
        or be handed, the people who live there. Each user once."""
        return self.filter(
            Q(localities__in=localities) | Q(covers_all_localities=True), is_active=True
        ).distinct()

    def manageable_by(self, user: User) -> UserQuerySet:
        """The users `user` may see and edit in the admin, their password included.

        A superuser: everyone. Anyone else: never a superuser, whose password or details
        would hand over every permission. An administrator covering every locality: all
        other users. One covering some: users with at least one locality, all of them
        covered by the administrator, who do not cover every locality themselves; not
        users with no locality yet (new accounts, for an administrator who covers every
        locality to place): editing any of those would reach past their own localities.
        """
        if user.is_superuser:
            return self.all()
        users = self.filter(is_superuser=False)
        if user.covers_all_localities:
            return users
        theirs = User.localities.through.objects.filter(user=OuterRef("pk"))
        elsewhere = theirs.exclude(locality__in=Locality.objects.visible_to(user))
        return users.filter(Exists(theirs), ~Exists(elsewhere), covers_all_localities=False)

    def in_audit_trail(self) -> UserQuerySet:
        """Users the audit trail or the Django admin's log names as who did something:
        they are deactivated, never deleted, so the trail keeps saying who."""
        return self.filter(
            Exists(LogEntry.objects.filter(actor=OuterRef("pk")))
            | Exists(AdminLogEntry.objects.filter(user=OuterRef("pk")))
        )


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A member of the LAC team: coordinator, manager or administrator."""

    localities = models.ManyToManyField(
        Locality,
        blank=True,
        related_name="users",
        help_text="The localities this person works in (coordinator) or oversees (manager).",
    )
    covers_all_localities = models.BooleanField(
        default=False,
        help_text="Sees every locality, e.g. a service manager or an administrator.",
    )

    objects = UserManager()

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        # What a role may do that no model's view/add/change/delete says; granted to
        # roles in CoordinatorsConfig.role_permissions like every other permission.
        permissions = [
            (
                "export_subject_access",
                "Can export everything held about a person (subject access request)",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    @property
    def is_coordinator(self) -> bool:
        return Role.COORDINATOR in self.role_names

    @property
    def is_manager(self) -> bool:
        return Role.MANAGER in self.role_names or self.is_superuser

    @property
    def is_administrator(self) -> bool:
        return Role.ADMINISTRATOR in self.role_names or self.is_superuser


# The key under which each audit entry records who made it, as they were then: the trail
# still says who if the link to the user (which auditlog sets to NULL) is ever lost.
AUDIT_ACTOR_KEY = "actor"


def audit_actor(user: User) -> dict[str, object]:
    """What an audit entry records of who made it."""
    return {"id": user.pk, "username": user.get_username(), "name": str(user)}
