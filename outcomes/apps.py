from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcomes, stories and wellbeing"

    def ready(self):
        # The person page lives in `people`, below this app: it shows our records
        # through what we register here, never by naming us.
        from outcomes import timeline
        from people.timeline import register

        register(sources=timeline.SOURCES, actions=timeline.ACTIONS)
