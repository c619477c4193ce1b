from django.apps import AppConfig


class LocalitiesConfig(AppConfig):
    name = "localities"
    verbose_name = "Localities and community assets"
