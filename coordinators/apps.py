from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_migrate, post_save, pre_delete


class CoordinatorsConfig(AppConfig):
    name = "coordinators"
    verbose_name = "Coordinators, managers and roles"

    def ready(self):
        # Keep the role groups in step with roles.py after every migrate and every
        # flush (tests that reset the database), not only in the first data migration.
        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="coordinators.ensure_roles")
        from coordinators import signals

        user_logged_in.connect(signals.signed_in, dispatch_uid="coordinators.signed_in")
        user_logged_out.connect(signals.signed_out, dispatch_uid="coordinators.signed_out")
        user_login_failed.connect(signals.sign_in_failed, dispatch_uid="coordinators.failed")
        from auditlog.models import LogEntry

        post_save.connect(
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

    from coordinators.roles import ROLE_PERMISSIONS

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for role, perms in ROLE_PERMISSIONS.items():
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
