from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People, introductions and contacts"

    def ready(self):
        from localities import asset_page
        from people import asset_connections, timeline, timeline_html

        timeline.register(sources=timeline_html.SOURCES)
        asset_page.register(asset_connections.SECTION)
