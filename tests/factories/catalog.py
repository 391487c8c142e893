"""Factories for the catalog. Build a whole sellable product with `sellable_product(...)`."""

from decimal import Decimal

import factory
from django.utils import timezone

from catalog.models import (
    Attribute,
    AttributeInputType,
    AttributeProduct,
    AttributeType,
    AttributeValue,
    AttributeVariant,
    Category,
    Channel,
    Collection,
    Product,
    ProductChannelListing,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
    Stock,
    Warehouse,
)


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Channel {n}")
    slug = factory.Sequence(lambda n: f"channel-{n}")
    currency_code = "CNY"
    is_active = True


class ProductTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductType

    name = factory.Sequence(lambda n: f"农产品类型 {n}")
    slug = factory.Sequence(lambda n: f"product-type-{n}")
    has_variants = True
    is_shipping_required = True


class AttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attribute

    name = factory.Sequence(lambda n: f"属性 {n}")
    slug = factory.Sequence(lambda n: f"attribute-{n}")
    type = AttributeType.PRODUCT_TYPE
    input_type = AttributeInputType.DROPDOWN


class AttributeValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttributeValue

    attribute = factory.SubFactory(AttributeFactory)
    name = factory.Sequence(lambda n: f"值 {n}")
    slug = factory.Sequence(lambda n: f"value-{n}")


def assign_product_attribute(product_type: ProductType, attribute: Attribute) -> None:
    AttributeProduct.objects.get_or_create(attribute=attribute, product_type=product_type)


def assign_variant_attribute(
    product_type: ProductType, attribute: Attribute, selection=True
) -> None:
    AttributeVariant.objects.get_or_create(
        attribute=attribute, product_type=product_type, defaults={"variant_selection": selection}
    )


class CategoryFactory(factory.django.DjangoModelFactory):
    """Use `category_create` from the services for trees; this builds a root category."""

    class Meta:
        model = Category
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"分类 {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")

    @factory.post_generation
    def set_tree_path(self, create, extracted, **kwargs):
        if create:
            parent_path = self.parent.tree_path if self.parent_id else ""
            self.level = self.parent.level + 1 if self.parent_id else 0
            self.tree_path = f"{parent_path}{self.pk}/"
            self.save(update_fields=["level", "tree_path"])


class CollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collection

    name = factory.Sequence(lambda n: f"精选 {n}")
    slug = factory.Sequence(lambda n: f"collection-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"林芝松茸 {n}")
    slug = factory.Sequence(lambda n: f"product-{n}")
    product_type = factory.SubFactory(ProductTypeFactory)
    category = factory.SubFactory(CategoryFactory)


class ProductVariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductVariant

    product = factory.SubFactory(ProductFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:06d}")
    name = factory.Sequence(lambda n: f"规格 {n}")


class WarehouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Warehouse

    name = factory.Sequence(lambda n: f"县仓库 {n}")
    slug = factory.Sequence(lambda n: f"warehouse-{n}")
    email = "warehouse@example.com"
    city = "拉萨市"
    country = "CN"


class StockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stock

    warehouse = factory.SubFactory(WarehouseFactory)
    product_variant = factory.SubFactory(ProductVariantFactory)
    quantity = 10


def list_product(
    product: Product, channel: Channel, *, published: bool = True, available: bool = True
) -> ProductChannelListing:
    now = timezone.now()
    listing, _ = ProductChannelListing.objects.update_or_create(
        product=product,
        channel=channel,
        defaults={
            "currency": channel.currency_code,
            "is_published": published,
            "published_at": now if published else None,
            "visible_in_listings": published,
            "available_for_purchase_at": now if available else None,
        },
    )
    return listing


def price_variant(
    variant: ProductVariant,
    channel: Channel,
    price: Decimal | str,
    cost: Decimal | str | None = None,
) -> ProductVariantChannelListing:
    listing, _ = ProductVariantChannelListing.objects.update_or_create(
        variant=variant,
        channel=channel,
        defaults={
            "currency": channel.currency_code,
            "price_amount": Decimal(str(price)),
            "discounted_price_amount": Decimal(str(price)),
            "cost_price_amount": Decimal(str(cost)) if cost is not None else None,
        },
    )
    prices = ProductVariantChannelListing.objects.filter(
        variant__product=variant.product, channel=channel
    ).values_list("price_amount", flat=True)
    ProductChannelListing.objects.filter(product=variant.product, channel=channel).update(
        discounted_price_amount=min(p for p in prices if p is not None)
    )
    return listing


def sellable_product(
    channel: Channel,
    *,
    price: str = "99.00",
    stock: int = 10,
    warehouse: Warehouse | None = None,
    **product_kwargs,
) -> Product:
    """A published, purchasable product with one priced variant in stock, in `channel`."""
    product = ProductFactory(**product_kwargs)
    variant = ProductVariantFactory(product=product)
    product.default_variant = variant
    product.save(update_fields=["default_variant"])
    list_product(product, channel)
    price_variant(variant, channel, price)
    warehouse = warehouse or WarehouseFactory()
    warehouse.channels.add(channel)
    StockFactory(warehouse=warehouse, product_variant=variant, quantity=stock)
    return product
