"""Helpers for tests of the product read API: callers, media with real images, rich products."""

import io
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from catalog.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    Attribute,
    AttributeValue,
    Channel,
    Product,
    ProductMedia,
    ProductVariant,
    Warehouse,
)
from infra.accounts.jwt import create_access_token
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from tests.conftest import ApiClient
from tests.factories.accounts import AppFactory, StaffUserFactory
from tests.factories.catalog import (
    AttributeValueFactory,
    ProductFactory,
    ProductVariantFactory,
    StockFactory,
    WarehouseFactory,
    list_product,
    price_variant,
)


def staff_with(*permissions: PermissionEnum) -> ApiClient:
    return ApiClient(create_access_token(StaffUserFactory(permissions=list(permissions))))


def app_with(*permissions: PermissionEnum) -> ApiClient:
    _app, token = AppFactory.with_token(permissions=list(permissions))
    return ApiClient(token)


def gid(instance) -> str:
    return to_global_id(type(instance).__name__, instance.pk)


def image_file(
    size: tuple[int, int] = (600, 400), image_format: str = "PNG", name: str = "photo"
) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 40, 40)).save(buffer, format=image_format)
    extension = {"JPEG": "jpg"}.get(image_format, image_format.lower())
    return ContentFile(buffer.getvalue(), name=f"{name}.{extension}")


class ProductMediaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductMedia

    product = factory.SubFactory(ProductFactory)
    image = factory.LazyFunction(image_file)
    alt = factory.Sequence(lambda n: f"松茸照片 {n}")
    sort_order = factory.Sequence(lambda n: n)


def add_variant(
    product: Product,
    channel: Channel,
    *,
    price: str | None = "10.00",
    stock: int | None = 5,
    warehouse: Warehouse | None = None,
    **kwargs,
) -> ProductVariant:
    """A variant of `product`, priced in `channel` (unless price is None), with stock."""
    variant = ProductVariantFactory(product=product, **kwargs)
    if price is not None:
        price_variant(variant, channel, price)
    if stock is not None:
        warehouse = warehouse or WarehouseFactory()
        warehouse.channels.add(channel)
        StockFactory(warehouse=warehouse, product_variant=variant, quantity=stock)
    return variant


def storefront_product(
    channel: Channel,
    *,
    prices: tuple[str, ...] = ("10.00",),
    stock: int = 5,
    published: bool = True,
    visible_in_listings: bool = True,
    **product_kwargs,
) -> Product:
    """A product listed in `channel`, with one priced variant per price, each in stock."""
    product = ProductFactory(**product_kwargs)
    listing = list_product(product, channel, published=published)
    if not visible_in_listings:
        listing.visible_in_listings = False
        listing.save(update_fields=["visible_in_listings"])
    warehouse = WarehouseFactory()
    variants = [
        add_variant(product, channel, price=p, warehouse=warehouse, stock=stock) for p in prices
    ]
    product.default_variant = variants[0]
    product.save(update_fields=["default_variant"])
    return product


def publish_later(product: Product, channel: Channel) -> None:
    product.channel_listings.filter(channel=channel).update(
        published_at=timezone.now() + timezone.timedelta(days=3)
    )


def set_value(product: Product, attribute: Attribute, **value_kwargs) -> AttributeValue:
    value = AttributeValueFactory(attribute=attribute, **value_kwargs)
    AssignedProductAttributeValue.objects.create(product=product, value=value)
    return value


def set_variant_value(
    variant: ProductVariant, attribute: Attribute, **value_kwargs
) -> AttributeValue:
    value = AttributeValueFactory(attribute=attribute, **value_kwargs)
    AssignedVariantAttributeValue.objects.create(variant=variant, value=value)
    return value


def discount(variant: ProductVariant, channel: Channel, amount: str, prior: str | None = None):
    listing = variant.channel_listings.get(channel=channel)
    listing.discounted_price_amount = Decimal(amount)
    listing.prior_price_amount = Decimal(prior) if prior else None
    listing.save()
    product_listing = variant.product.channel_listings.get(channel=channel)
    product_listing.discounted_price_amount = min(
        Decimal(amount), product_listing.discounted_price_amount or Decimal(amount)
    )
    product_listing.save()
