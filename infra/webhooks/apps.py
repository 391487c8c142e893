from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class WebhooksConfig(AppConfig):
    name = "infra.webhooks"
    label = "webhooks"
    verbose_name = pgettext_lazy("webhooks", "Webhooks")

    def ready(self) -> None:
        from infra.webhooks import checks  # noqa: F401 - registers the system check
