from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models

from localities.models import Locality


class Role(models.TextChoices):
    """The three roles, each a Django group created by a data migration."""

    COORDINATOR = "Coordinator"
    MANAGER = "Manager"
    ADMINISTRATOR = "Administrator"


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

    class Meta:
        ordering = ["first_name", "last_name", "username"]

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
