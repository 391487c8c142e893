"""Tourism bookings through the real /graphql/ view: slots on products, a dated checkout line,
the owner's booking query, cancellation, staff check-in and slot management."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import ClickAndCollectOption, Division, PlaceKind, StaffScope
from infra.accounts.jwt import create_access_token
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from storefront.models import Booking, BookingStatus
from storefront.services.checkout_lines import LineInput, checkout_lines_add
from tests.conftest import ApiClient, permission_denied
from tests.factories import ChannelFactory, StaffUserFactory, WarehouseFactory
from tests.factories.accounts import UserFactory
from tests.factories.checkout import purchasable_variant
from tests.factories.taxonomy import error_codes, staff_client
from tests.factories.tourism import bookable_variant, checkout_for_slot, pay_and_complete, slot_of

pytestmark = pytest.mark.django_db

SLOTS = """
query($slug: String!, $channel: String) {
  product(slug: $slug, channel: $channel) {
    bookingUnit
    bookingTerms {
      meetingPlace { name } cancellationDeadlineHours cancellationFee { amount currency }
      cancellationKeptPercent villages { code }
    }
    bookingSlots { id startsAt capacity quantityAvailable variant { id sku } }
  }
}
"""
PRODUCTS_SLOTS = """
query($channel: String) {
  products(first: 20, channel: $channel) {
    edges { node { name bookingSlots { quantityAvailable } } }
  }
}
"""
CREATE = """
mutation($channel: String, $lines: [CheckoutLineInput!]!) {
  checkoutCreate(input: {channel: $channel, email: "t@example.com", lines: $lines}) {
    checkout { lines { quantity bookingSlot { id quantityAvailable } bookingHeldUntil } }
    errors { field code message variants }
  }
}
"""
BOOKING = """
query($id: ID!) {
  booking(id: $id) {
    voucherCode status quantity slot { id } order { id } refund { amount }
    cancellationQuote { refund { amount } fee { amount } afterDeadline }
  }
}
"""
CANCEL = """
mutation($id: ID!) {
  bookingCancel(id: $id) {
    booking { status refund { amount } cancellationFee { amount } }
    errors { field code message }
  }
}
"""
CHECK_IN = """
mutation($code: String!, $place: ID) {
  bookingCheckIn(voucherCode: $code, place: $place) {
    booking { status checkedInAt }
    errors { field code message }
  }
}
"""
SLOT_CREATE = """
mutation($input: BookingSlotCreateInput!) {
  bookingSlotCreate(input: $input) {
    bookingSlot { id capacity quantityAvailable startsAt }
    errors { field code message }
  }
}
"""
SLOT_UPDATE = """
mutation($id: ID!, $input: BookingSlotUpdateInput!) {
  bookingSlotUpdate(id: $id, input: $input) {
    bookingSlot { capacity isActive }
    errors { field code message }
  }
}
"""
ORDER_BOOKINGS = """
query($id: ID!) { order(id: $id) { bookings { voucherCode } lines { booking { status } } } }
"""


@pytest.fixture
def channel():
    return ChannelFactory()


@pytest.fixture
def place():
    return WarehouseFactory(
        kind=PlaceKind.SHOWROOM, click_and_collect_option=ClickAndCollectOption.LOCAL_STOCK
    )


@pytest.fixture
def tour(channel, place):
    return bookable_variant(
        channel,
        slug="namtso-tour",
        terms={"meeting_place": place, "cancellation_fee": Decimal("20.00")},
    )


def gid(kind: str, pk) -> str:
    return to_global_id(kind, pk)


def user_client(user) -> ApiClient:
    return ApiClient(create_access_token(user))


def test_product_lists_its_open_slots_with_seats_left(api_client, channel, tour, place):
    soon, later = slot_of(tour, capacity=6, days=2), slot_of(tour, capacity=4, days=9)
    slot_of(tour, days=-1)
    closed = slot_of(tour, days=3)
    closed.is_active = False
    closed.save()
    checkout_for_slot(soon, quantity=2, channel=channel)

    product = api_client.post_graphql(SLOTS, {"slug": "namtso-tour", "channel": channel.slug}).data[
        "product"
    ]

    assert product["bookingUnit"] == "TOUR_SEAT"
    assert product["bookingTerms"]["meetingPlace"] == {"name": place.name}
    assert product["bookingTerms"]["cancellationFee"] == {"amount": 20.0, "currency": "CNY"}
    assert [(s["id"], s["capacity"], s["quantityAvailable"]) for s in product["bookingSlots"]] == [
        (gid("BookingSlot", soon.pk), 6, 4),
        (gid("BookingSlot", later.pk), 4, 4),
    ]
    assert product["bookingSlots"][0]["variant"]["sku"] == tour.sku


def test_slots_of_a_page_of_products_load_in_constant_queries(api_client, channel):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            edges = api_client.post_graphql(PRODUCTS_SLOTS, {"channel": channel.slug}).data
        assert all(edge["node"]["bookingSlots"] for edge in edges["products"]["edges"])
        return len(queries)

    slot_of(bookable_variant(channel), capacity=3)
    one = count()
    for _ in range(5):
        variant = bookable_variant(channel)
        slot_of(variant, days=2)
        slot_of(variant, days=3)
    assert count() == one


def test_checkout_line_names_its_slot_and_hold(api_client, channel, tour):
    slot = slot_of(tour, capacity=3)

    payload = api_client.post_graphql(
        CREATE,
        {
            "channel": channel.slug,
            "lines": [
                {"variantId": gid("ProductVariant", tour.pk), "quantity": 2,
                 "bookingSlotId": gid("BookingSlot", slot.pk)}
            ],
        },
    ).data["checkoutCreate"]  # fmt: skip

    assert payload["errors"] == []
    line = payload["checkout"]["lines"][0]
    assert line["bookingSlot"] == {"id": gid("BookingSlot", slot.pk), "quantityAvailable": 1}
    assert line["bookingHeldUntil"] is not None


def test_checkout_refuses_a_tour_without_a_date_and_seats_beyond_capacity(
    api_client, channel, tour
):
    slot = slot_of(tour, capacity=2)
    variant = gid("ProductVariant", tour.pk)

    no_date = api_client.post_graphql(
        CREATE, {"channel": channel.slug, "lines": [{"variantId": variant, "quantity": 1}]}
    ).data["checkoutCreate"]
    too_many = api_client.post_graphql(
        CREATE,
        {
            "channel": channel.slug,
            "lines": [
                {"variantId": variant, "quantity": 3, "bookingSlotId": gid("BookingSlot", slot.pk)}
            ],
        },
    ).data["checkoutCreate"]
    bad_id = api_client.post_graphql(
        CREATE,
        {
            "channel": channel.slug,
            "lines": [
                {"variantId": variant, "quantity": 1, "bookingSlotId": gid("BookingSlot", 0)}
            ],
        },
    ).data["checkoutCreate"]

    assert error_codes(no_date) == [("bookingSlotId", "REQUIRED")]
    assert no_date["errors"][0]["variants"] == [variant]
    assert error_codes(too_many) == [("quantity", "INSUFFICIENT_STOCK")]
    assert error_codes(bad_id) == [("bookingSlotId", "GRAPHQL_ERROR")]


def test_owner_reads_and_cancels_their_booking(channel, tour):
    owner = UserFactory()
    slot = slot_of(tour, capacity=3, days=5)
    order = pay_and_complete(checkout_for_slot(slot, channel=channel, user=owner), user=owner)
    booking = Booking.objects.get()
    booking_id = gid("Booking", booking.pk)
    client = user_client(owner)

    read = client.post_graphql(BOOKING, {"id": booking_id}).data["booking"]
    assert read["voucherCode"] == booking.voucher_code
    assert read["status"] == "CONFIRMED"
    assert read["order"] == {"id": gid("Order", order.pk)}
    assert read["cancellationQuote"] == {
        "refund": {"amount": 280.0},
        "fee": {"amount": 20.0},
        "afterDeadline": False,
    }
    bookings = client.post_graphql(ORDER_BOOKINGS, {"id": gid("Order", order.pk)}).data
    assert bookings["order"]["bookings"] == [{"voucherCode": booking.voucher_code}]
    assert bookings["order"]["lines"] == [{"booking": {"status": "CONFIRMED"}}]

    cancelled = client.post_graphql(CANCEL, {"id": booking_id}).data["bookingCancel"]
    assert cancelled == {
        "booking": {
            "status": "CANCELLED",
            "refund": {"amount": 280.0},
            "cancellationFee": {"amount": 20.0},
        },
        "errors": [],
    }


def test_others_can_neither_read_nor_cancel_a_booking(api_client, channel, tour):
    owner = UserFactory()
    slot = slot_of(tour, capacity=3)
    order = pay_and_complete(checkout_for_slot(slot, channel=channel, user=owner), user=owner)
    booking_id = gid("Booking", Booking.objects.get().pk)
    stranger = user_client(UserFactory())

    assert stranger.post_graphql(BOOKING, {"id": booking_id}).data["booking"] is None
    assert api_client.post_graphql(BOOKING, {"id": booking_id}).data["booking"] is None
    refused = stranger.post_graphql(CANCEL, {"id": booking_id}).data["bookingCancel"]
    assert error_codes(refused) == [("id", "NOT_FOUND")]
    assert permission_denied(stranger.post_graphql(ORDER_BOOKINGS, {"id": gid("Order", order.pk)}))
    assert Booking.objects.get().status == BookingStatus.CONFIRMED
    staff = staff_client(PermissionEnum.MANAGE_ORDERS)
    assert staff.post_graphql(BOOKING, {"id": booking_id}).data["booking"]["status"] == "CONFIRMED"


def test_check_in_by_staff_of_the_place_or_with_manage_orders(channel, tour, place):
    slot = slot_of(tour, capacity=3, days=0, hours=3)
    pay_and_complete(checkout_for_slot(slot, quantity=1, channel=channel))
    slot.starts_at = timezone.now()
    slot.save()
    code = Booking.objects.get().voucher_code
    place_id = gid("Warehouse", place.pk)
    clerk = StaffUserFactory()
    StaffScope.objects.create(user=clerk, division=Division.objects.first(), place=place)
    other_clerk = StaffUserFactory()
    StaffScope.objects.create(
        user=other_clerk, division=Division.objects.first(), place=WarehouseFactory()
    )

    assert permission_denied(
        user_client(other_clerk).post_graphql(CHECK_IN, {"code": code, "place": place_id})
    )
    assert permission_denied(staff_client().post_graphql(CHECK_IN, {"code": code}))
    assert Booking.objects.get().status == BookingStatus.CONFIRMED

    done = user_client(clerk).post_graphql(CHECK_IN, {"code": code, "place": place_id})
    assert done.data["bookingCheckIn"]["booking"]["status"] == "CHECKED_IN"
    again = staff_client(PermissionEnum.MANAGE_ORDERS).post_graphql(CHECK_IN, {"code": code})
    assert error_codes(again.data["bookingCheckIn"]) == [("voucherCode", "ALREADY_CHECKED_IN")]


def test_staff_open_and_change_slots(channel, tour):
    staff = staff_client(PermissionEnum.MANAGE_PRODUCTS)
    starts = (timezone.now() + timedelta(days=10)).isoformat()
    variables = {
        "input": {"variant": gid("ProductVariant", tour.pk), "startsAt": starts, "capacity": 12}
    }

    created = staff.post_graphql(SLOT_CREATE, variables).data["bookingSlotCreate"]
    duplicate = staff.post_graphql(SLOT_CREATE, variables).data["bookingSlotCreate"]
    stocked = staff.post_graphql(
        SLOT_CREATE,
        {"input": {**variables["input"], "variant": gid("ProductVariant", purchasable_variant(channel).pk)}},
    ).data["bookingSlotCreate"]  # fmt: skip

    assert created["errors"] == [] and created["bookingSlot"]["quantityAvailable"] == 12
    assert error_codes(duplicate) == [("startsAt", "UNIQUE")]
    assert error_codes(stocked) == [("variant", "INVALID")]
    assert permission_denied(staff_client().post_graphql(SLOT_CREATE, variables))

    slot_id = created["bookingSlot"]["id"]
    slot = tour.booking_slots.get()
    pay_and_complete(checkout_for_slot(slot, quantity=3, channel=channel))
    too_small = staff.post_graphql(SLOT_UPDATE, {"id": slot_id, "input": {"capacity": 2}})
    closed = staff.post_graphql(
        SLOT_UPDATE, {"id": slot_id, "input": {"capacity": 3, "isActive": False}}
    )
    assert error_codes(too_small.data["bookingSlotUpdate"]) == [("capacity", "INVALID")]
    assert closed.data["bookingSlotUpdate"]["bookingSlot"] == {"capacity": 3, "isActive": False}


def test_seats_left_of_a_checkouts_and_an_orders_dates_load_at_once(channel, tour):
    """quantityAvailable of the slots under checkout lines and order bookings is counted for
    all of them together, not once per line."""
    owner = UserFactory()
    client = user_client(owner)
    lines_query = """
    query($id: ID!) { checkout(id: $id) { lines { bookingSlot { quantityAvailable } } } }
    """
    bookings_query = """
    query($id: ID!) { order(id: $id) { bookings { slot { quantityAvailable } } } }
    """

    def counted(query: str, variables: dict) -> tuple[int, dict]:
        with CaptureQueriesContext(connection) as queries:
            data = client.post_graphql(query, variables).data
        return len(queries), data

    def checkout_of(days: int) -> tuple:
        checkout = checkout_for_slot(slot_of(tour, days=2), channel=channel, user=owner)
        for day in range(3, 3 + days):
            checkout_lines_add(
                checkout=checkout,
                lines=[
                    LineInput(
                        variant_id=tour.pk, quantity=1, booking_slot_id=slot_of(tour, days=day).pk
                    )
                ],
            )
        return checkout

    one = checkout_of(0)
    many = checkout_of(4)
    one_count, _ = counted(lines_query, {"id": gid("Checkout", one.pk)})
    many_count, data = counted(lines_query, {"id": gid("Checkout", many.pk)})
    assert [line["bookingSlot"]["quantityAvailable"] for line in data["checkout"]["lines"]] == [
        9
    ] * 5
    assert many_count == one_count

    small = pay_and_complete(one, user=owner)
    large = pay_and_complete(many, user=owner)
    small_count, _ = counted(bookings_query, {"id": gid("Order", small.pk)})
    large_count, data = counted(bookings_query, {"id": gid("Order", large.pk)})
    assert [b["slot"]["quantityAvailable"] for b in data["order"]["bookings"]] == [9] * 5
    assert large_count == small_count
