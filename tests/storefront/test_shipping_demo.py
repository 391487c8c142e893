import io
from decimal import Decimal

import pytest

from storefront.demo import load_demo_shipping
from storefront.models import RemoteArea, ShippingMethod, ShippingZone
from storefront.selectors.shipping import applicable_shipping_methods
from tests.factories import ChannelFactory

pytestmark = pytest.mark.django_db


def test_demo_shipping_is_idempotent_and_flags_ngari_and_nagqu():
    channel = ChannelFactory(slug="default-channel")

    load_demo_shipping(io.StringIO())
    load_demo_shipping(io.StringIO())

    assert ShippingZone.objects.count() == 3
    assert ShippingMethod.objects.count() == 5
    assert set(RemoteArea.objects.values_list("division__code", flat=True)) == {"542500", "540600"}
    options = applicable_shipping_methods(
        channel=channel,
        country_code="CN",
        division="542521",
        weight=Decimal("2"),
        subtotal=Decimal("100"),
    )
    assert [(o.method.name, o.price) for o in options] == [
        ("中国邮政 EMS", Decimal("30.00")),
        ("顺丰快递 重货", Decimal("55.00")),
    ]
