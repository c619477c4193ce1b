from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_roles(apps, schema_editor):
    """Create the Coordinator, Manager and Administrator groups with their permissions."""
    from coordinators.roles import role_permissions

    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            # The roles are read as they are today: a permission that a later migration adds
            # (or that an app migrated after this one owns) does not exist yet here. The
            # post_migrate sync (coordinators.apps.ensure_roles) grants it once it does.
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Coordinator", "Manager", "Administrator"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("coordinators", "0001_initial"),
        ("localities", "0001_initial"),
        ("people", "0001_initial"),
        ("outcomes", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
