"""An order's delivery method in Saleor's DeliveryMethod union: the pickup warehouse, or the
shipping method priced as the order was (the price paid, remote-area surcharge included)."""

from graphql import GraphQLResolveInfo

from catalog.graphql.loaders import load_for
from storefront.graphql.checkout_shipping import CheckoutShippingMethod
from storefront.graphql.order_loaders import ShippingMethodByIdLoader, WarehouseByIdLoader
from storefront.models import Order


def order_delivery_method(info: GraphQLResolveInfo, order: Order):
    if order.shipping_method_id is not None:
        method = load_for(info, ShippingMethodByIdLoader, order, lambda o: o.shipping_method_id)
        if method is None:
            return None
        return CheckoutShippingMethod(
            method=method,
            listing=None,
            price=order.shipping_price_amount,
            currency=order.currency,
        )
    if order.collection_point_id is not None:
        return load_for(info, WarehouseByIdLoader, order, lambda o: o.collection_point_id)
    return None
