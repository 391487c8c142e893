"""Orders for tests of the order API: lines with frozen prices, allocations against real Stock
rows, copied addresses. `checkoutComplete` is the real way orders are made; this builds the
same shape directly."""

from decimal import Decimal

import factory

from catalog.models import Channel, Stock, Warehouse
from storefront.models import Allocation, Order, OrderLine, OrderStatus
from storefront.services.order_create import next_order_number
from tests.factories.addresses import AddressFactory
from tests.factories.catalog import ChannelFactory, WarehouseFactory, sellable_product


class OrderFactory(factory.django.DjangoModelFactory):
    """An order without lines (use `order_with_lines` for a complete one)."""

    class Meta:
        model = Order

    number = factory.LazyFunction(next_order_number)
    channel = factory.SubFactory(ChannelFactory)
    currency = factory.LazyAttribute(lambda order: order.channel.currency_code)
    status = OrderStatus.UNFULFILLED
    user_email = factory.Sequence(lambda n: f"buyer{n}@example.com")
    billing_address = factory.SubFactory(AddressFactory)
    shipping_address = factory.SubFactory(AddressFactory)
    language_code = "zh-hans"


def order_line(
    order: Order,
    *,
    warehouse: Warehouse,
    quantity: int = 2,
    price: str = "99.00",
    stock: int = 10,
    allocate: bool = True,
    **product_kwargs,
) -> OrderLine:
    """A line for a new sellable product stocked in `warehouse`, its units allocated there."""
    product = sellable_product(
        order.channel, price=price, stock=stock, warehouse=warehouse, **product_kwargs
    )
    variant = product.default_variant
    unit = Decimal(price)
    line = OrderLine.objects.create(
        order=order,
        variant=variant,
        product_name=product.name,
        variant_name=variant.name,
        product_sku=variant.sku,
        product_variant_id=str(variant.pk),
        is_shipping_required=True,
        quantity=quantity,
        currency=order.currency,
        unit_price_amount=unit,
        undiscounted_unit_price_amount=unit,
        total_price_amount=unit * quantity,
        undiscounted_total_price_amount=unit * quantity,
    )
    if allocate:
        stock_row = Stock.objects.get(warehouse=warehouse, product_variant=variant)
        Allocation.objects.create(order_line=line, stock=stock_row, quantity_allocated=quantity)
        stock_row.quantity_allocated += quantity
        stock_row.save(update_fields=["quantity_allocated"])
    return line


def order_with_lines(
    *,
    channel: Channel | None = None,
    warehouse: Warehouse | None = None,
    lines: int = 2,
    quantity: int = 2,
    price: str = "99.00",
    shipping: str = "10.00",
    stock: int = 10,
    **fields,
) -> Order:
    """A placed order of `lines` lines (`quantity` units at `price` each), allocated in
    `warehouse`, with totals that add up."""
    channel = channel or ChannelFactory()
    warehouse = warehouse or WarehouseFactory()
    order = OrderFactory(channel=channel, shipping_price_amount=Decimal(shipping), **fields)
    for _ in range(lines):
        order_line(order, warehouse=warehouse, quantity=quantity, price=price, stock=stock)
    subtotal = Decimal(price) * quantity * lines
    order.subtotal_amount = subtotal
    order.total_amount = subtotal + Decimal(shipping)
    order.undiscounted_total_amount = order.total_amount
    order.save(update_fields=["subtotal_amount", "total_amount", "undiscounted_total_amount"])
    return order
