from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_migrate, pre_delete, pre_save

from coordinators.roles import Role, every_action

# Coordinators and managers keep the community assets up to date and read the rest of
# the localities' configuration. (Localities sits below this app, so its grants are here.)
_LOCALITIES_WORK = [
    "localities.view_communityasset",
    "localities.add_communityasset",
    "localities.change_communityasset",
    "localities.view_locality",
    "localities.view_referralsource",
    "localities.view_theme",
    "localities.view_assetcategory",
]
# Managers and administrators answer subject access requests.
_SUBJECT_ACCESS = ["coordinators.export_subject_access"]


class CoordinatorsConfig(AppConfig):
    name = "coordinators"
    verbose_name = "Coordinators, managers and roles"
    # What each role may do in this app and in localities; each app above lists its own
    # (see coordinators/roles.py).
    role_permissions = {
        Role.COORDINATOR: _LOCALITIES_WORK,
        Role.MANAGER: [*_LOCALITIES_WORK, "localities.view_dashboard", *_SUBJECT_ACCESS],
        # Administrators configure; they read dashboards only with the Manager role too.
        Role.ADMINISTRATOR: [
            *every_action(
                "localities",
                ["locality", "referralsource", "theme", "assetcategory", "communityasset"],
            ),
            *every_action("coordinators", ["user"]),
            "auth.view_group",
            *_SUBJECT_ACCESS,
        ],
    }

    def ready(self):
        # Keep the role groups in step with the apps' role_permissions after every migrate
        # and every flush (tests that reset the database), not only in the first migration.
        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="coordinators.ensure_roles")
        from coordinators import signals

        user_logged_in.connect(signals.signed_in, dispatch_uid="coordinators.signed_in")
        user_logged_out.connect(signals.signed_out, dispatch_uid="coordinators.signed_out")
        user_login_failed.connect(signals.sign_in_failed, dispatch_uid="coordinators.failed")
        from auditlog.models import LogEntry

        pre_save.connect(
            signals.audit_entry_actor, sender=LogEntry, dispatch_uid="coordinators.entry_actor"
        )
        pre_delete.connect(
            signals.user_deletion_refused,
            sender=self.get_model("User"),
            dispatch_uid="coordinators.user_deletion_refused",
        )


def ensure_roles(using="default", **kwargs):
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from coordinators.roles import role_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for role, perms in role_permissions().items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        wanted = Permission.objects.using(using).filter(
            content_type__app_label__in={p.split(".")[0] for p in perms}
        )
        wanted = [
            p
            for p in wanted.select_related("content_type")
            if f"{p.content_type.app_label}.{p.codename}" in perms
        ]
        group.permissions.set(wanted)
