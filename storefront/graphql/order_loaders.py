"""Per-request loaders for the order API (catalog's sibling batching, see
catalog/graphql/loaders.py): a page of orders costs one query per kind of related row."""

from collections.abc import Mapping

from catalog.graphql.loaders import Loader, RemembersSiblings
from storefront.selectors import orders as order_selectors


class OrderByIdLoader(Loader):
    fetch_many = staticmethod(order_selectors.orders_by_id)


class OrderLineByIdLoader(RemembersSiblings):
    fetch_many = staticmethod(order_selectors.order_lines_by_id)


class OrderLinesByOrderIdLoader(RemembersSiblings):
    many = True
    fetch_many = staticmethod(order_selectors.lines_by_order)

    def fetch(self, keys: list) -> Mapping:
        found = super().fetch(keys)
        by_id = OrderLineByIdLoader.within(self.registry)
        for lines in found.values():
            for line in lines:
                by_id.prime(line.pk, line)
        return found


class OrderEventsByOrderIdLoader(RemembersSiblings):
    many = True
    fetch_many = staticmethod(order_selectors.events_by_order)


class OrderEventByIdLoader(Loader):
    fetch_many = staticmethod(order_selectors.events_by_id)


class FulfillmentsByOrderIdLoader(RemembersSiblings):
    many = True
    fetch_many = staticmethod(order_selectors.fulfillments_by_order)


class FulfillmentLinesByFulfillmentIdLoader(RemembersSiblings):
    many = True
    fetch_many = staticmethod(order_selectors.fulfillment_lines_by_fulfillment)

    def fetch(self, keys: list) -> Mapping:
        found = super().fetch(keys)
        by_id = FulfillmentLineByIdLoader.within(self.registry)
        for lines in found.values():
            for line in lines:
                by_id.prime(line.pk, line)
        return found


class FulfillmentLineByIdLoader(RemembersSiblings):
    fetch_many = staticmethod(order_selectors.fulfillment_lines_by_id)


class AllocationsByOrderLineIdLoader(Loader):
    many = True
    fetch_many = staticmethod(order_selectors.allocations_by_line)


class AddressByIdLoader(Loader):
    fetch_many = staticmethod(order_selectors.addresses_by_id)


class UserByIdLoader(Loader):
    fetch_many = staticmethod(order_selectors.users_by_id)


class AppByIdLoader(Loader):
    fetch_many = staticmethod(order_selectors.apps_by_id)


class ShippingMethodByIdLoader(Loader):
    fetch_many = staticmethod(order_selectors.shipping_methods_by_id)


class WarehouseByIdLoader(Loader):
    fetch_many = staticmethod(order_selectors.warehouses_by_id)
