from django.apps import AppConfig

from coordinators.roles import Role, every_action

# Coordinators and managers record the work with people; nobody deletes through the app.
_RECORDING = [
    "people.view_person",
    "people.add_person",
    "people.change_person",
    "people.view_introduction",
    "people.add_introduction",
    "people.change_introduction",
    "people.view_contact",
    "people.add_contact",
    "people.change_contact",
    "people.view_connection",
    "people.add_connection",
    "people.change_connection",
    "people.view_supportlevelchange",
    "people.add_supportlevelchange",
    "people.view_closingreason",
]


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People, introductions and contacts"
    # What each role may do here; each app lists its own (see coordinators/roles.py).
    role_permissions = {
        Role.COORDINATOR: _RECORDING,
        Role.MANAGER: _RECORDING,
        # Administrators correct records in the admin and read the audit trail, which
        # only the app writes.
        Role.ADMINISTRATOR: [
            *every_action(
                "people",
                [
                    "person",
                    "introduction",
                    "contact",
                    "connection",
                    "closingreason",
                    "supportlevelchange",
                ],
            ),
            "auditlog.view_logentry",
        ],
    }

    def ready(self):
        from localities import asset_page
        from people import asset_connections, timeline, timeline_html

        timeline.register(sources=timeline_html.SOURCES)
        asset_page.register(asset_connections.SECTION)
        self._connect_audit()

    def _connect_audit(self):
        from auditlog.models import LogEntry
        from django.apps import apps
        from django.conf import settings
        from django.contrib.admin.models import LogEntry as AdminLogEntry
        from django.db.models.signals import post_delete, pre_save

        from people import audit

        pre_save.connect(audit.audit_entry_stamp, sender=LogEntry, dispatch_uid="people.stamp")
        pre_save.connect(
            audit.admin_log_entry_label, sender=AdminLogEntry, dispatch_uid="people.admin_label"
        )
        for label in settings.AUDIT_LABEL_BY_ID:
            post_delete.connect(
                audit.admin_log_relabel_removed,
                sender=apps.get_model(label),
                dispatch_uid=f"people.admin_relabel.{label}",
            )
