from django.apps import AppConfig

from coordinators.roles import Role, every_action

# Coordinators and managers record outcomes, stories and wellbeing checks, and remove an
# outcome or a check recorded in error.
_RECORDING = [
    "outcomes.view_outcome",
    "outcomes.add_outcome",
    "outcomes.change_outcome",
    "outcomes.delete_outcome",
    "outcomes.view_outcomestory",
    "outcomes.add_outcomestory",
    "outcomes.change_outcomestory",
    "outcomes.view_wellbeingcheck",
    "outcomes.add_wellbeingcheck",
    "outcomes.change_wellbeingcheck",
    "outcomes.delete_wellbeingcheck",
    "outcomes.view_outcometype",
]


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcomes, stories and wellbeing"
    # What each role may do here; each app lists its own (see coordinators/roles.py).
    role_permissions = {
        Role.COORDINATOR: _RECORDING,
        Role.MANAGER: _RECORDING,
        Role.ADMINISTRATOR: every_action(
            "outcomes", ["outcometype", "outcome", "outcomestory", "wellbeingcheck"]
        ),
    }

    def ready(self):
        # The person page lives in `people`, below this app: it shows our records
        # through what we register here, never by naming us.
        from outcomes import timeline
        from people.timeline import register

        register(sources=timeline.SOURCES, actions=timeline.ACTIONS)
