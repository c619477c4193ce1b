from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People, introductions and contacts"

    def ready(self):
        from people import timeline, timeline_html

        timeline.register(sources=timeline_html.SOURCES)
