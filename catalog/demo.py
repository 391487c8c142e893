"""Demo step: the catalog's channels."""

from catalog.models import Channel

DEMO_CHANNELS = [
    {"slug": "default-channel", "name": "西藏好物 网上商城", "currency_code": "CNY"},
]


def load_demo_catalog(stdout) -> None:
    for data in DEMO_CHANNELS:
        Channel.objects.update_or_create(
            slug=data["slug"],
            defaults={**data, "is_active": True, "default_country": "CN"},
        )
    stdout.write(f"Channels: {Channel.objects.count()}")
