from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "infra.health"
    label = "health"
    verbose_name = "Health"
