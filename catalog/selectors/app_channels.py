"""Which channels an app may use: the AppChannelAccess rows of a partner's app."""

from catalog.models import AppChannelAccess
from infra.accounts.models import App


def app_channel_ids(app: App | None) -> set[int] | None:
    """The channels `app` is limited to; None when it is not limited (no rows, or no app).

    A partner's app with rows sees products, prices, orders, checkouts and warehouses of
    these channels only.
    """
    if app is None:
        return None
    ids = set(AppChannelAccess.objects.filter(app=app).values_list("channel_id", flat=True))
    return ids or None
