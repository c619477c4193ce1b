"""The roles and what each may do, as Django permissions ("app_label.codename").

Each app says what the roles may do with its own records, as `role_permissions` on its
AppConfig; `role_permissions()` gathers them, so this app, low in the stack, never names
the apps above it. The roles migration, the post_migrate sync and the tests all read it.

Nothing here imports a model: apps' configs import it before the models are loaded.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models


class Role(models.TextChoices):
    """The three roles, each a Django group kept in step with `role_permissions()`."""

    COORDINATOR = "Coordinator"
    MANAGER = "Manager"
    ADMINISTRATOR = "Administrator"


def every_action(app_label: str, model_names: list[str]) -> list[str]:
    """View, add, change and delete on each model: what an administrator configures."""
    return [
        f"{app_label}.{action}_{name}"
        for name in model_names
        for action in ("view", "add", "change", "delete")
    ]


def role_permissions() -> dict[str, list[str]]:
    """Each role's permissions, from every installed app's `role_permissions`."""
    gathered: dict[str, list[str]] = {role: [] for role in Role.values}
    for config in apps.get_app_configs():
        for role, permissions in getattr(config, "role_permissions", {}).items():
            gathered[role].extend(permissions)
    return gathered
