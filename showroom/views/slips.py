"""What showroom/slip_base.html (the 80 mm receipt of the counter and pickup slip of the
station) needs of a place and its order."""

from django.conf import settings
from django.utils.translation import gettext

from catalog.models import Warehouse
from storefront.models import Order
from storefront.views.orders import warehouse_address_lines


def slip_context(*, place: Warehouse, order: Order) -> dict:
    return {
        "place": place,
        "address_lines": warehouse_address_lines(place),
        "order": order,
        "lines": list(order.lines.all()),
        "shop_name": getattr(settings, "SHOP_NAME", "") or gettext("Tibet Goods"),
    }
