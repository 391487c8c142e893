"""Reads of channels."""

from django.db.models import Prefetch, QuerySet

from catalog.models import Channel, ChannelWarehouse


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


def channels() -> QuerySet[Channel]:
    """Every channel, with the warehouses serving it (in their sort order) prefetched."""
    return Channel.objects.prefetch_related(
        Prefetch(
            "channelwarehouse",
            queryset=ChannelWarehouse.objects.select_related("warehouse").order_by(
                "sort_order", "pk"
            ),
            to_attr="ordered_channel_warehouses",
        )
    ).order_by("slug", "pk")
