from django.apps import AppConfig

from coordinators.roles import Role, every_action


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Dashboards and reports"
    # Administrators keep the value method's settings and the deflator series in the admin.
    role_permissions = {
        Role.ADMINISTRATOR: every_action("reporting", ["valuesettings", "gdpdeflator"]),
    }

    def ready(self):
        # A story whose consent is withdrawn leaves published reports in the same
        # transaction. `outcomes` sits below this app and cannot call us; its story's own
        # save and delete signals tell us. Anything that goes round them is caught when a
        # published report is next shown (reporting.publish.withdraw_where_unshareable).
        from django.db.models.signals import post_delete, post_save

        from outcomes.models import OutcomeStory
        from reporting.publish import story_deleted, story_saved

        post_save.connect(story_saved, sender=OutcomeStory, dispatch_uid="reporting.story_saved")
        post_delete.connect(
            story_deleted, sender=OutcomeStory, dispatch_uid="reporting.story_deleted"
        )
