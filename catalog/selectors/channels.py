"""Reads of channels."""

from catalog.models import Channel


def channel_currencies() -> list[str]:
    return sorted(set(Channel.objects.values_list("currency_code", flat=True)))


class ChannelNotDefined(Exception):
    def __init__(self) -> None:
        super().__init__("More than one channel exists. Specify which channel to use.")


class NoDefaultChannel(Exception):
    def __init__(self) -> None:
        super().__init__("A default channel does not exist.")


def default_channel() -> Channel:
    """The channel to use when a request names none: the only active one (Saleor's rule)."""
    active = list(Channel.objects.filter(is_active=True)[:2])
    if len(active) > 1:
        raise ChannelNotDefined()
    if active:
        return active[0]
    fallback = Channel.objects.order_by("pk").first()
    if fallback is None:
        raise NoDefaultChannel()
    return fallback


def channel_by_slug(slug: str) -> Channel | None:
    return Channel.objects.filter(slug=slug).first()
