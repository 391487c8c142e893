"""Assisted selling (代卖) at a village station: showroom.intake and /places/<id>/intake/."""

import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from catalog.models import (
    Division,
    Handbook,
    HandbookEntry,
    HandbookEntryImage,
    HandbookStatus,
    HouseholdStatus,
    PlaceKind,
    Producer,
    ProducerKind,
    Product,
    StaffScope,
)
from catalog.selectors.producers import household_label
from catalog.services.handbook_review import handbook_approve, handbook_return
from infra.errors import ValidationFailed
from showroom.intake import station_intake_record
from showroom.models import StationIntake
from tests.conftest import ApiClient
from tests.factories import CategoryFactory, ChannelFactory, StaffUserFactory, WarehouseFactory
from tests.showroom.helpers import logged_in, staff_member

pytestmark = pytest.mark.django_db

LHASA = "540100"
LINZHOU = "540121"
VILLAGER = "格桑旺堆"
PHONE = "13912345678"


def division(code: str) -> Division:
    return Division.objects.get(code=code)


@pytest.fixture
def channel():
    # The shopper pages sell in this channel (settings.STOREFRONT_CHANNEL).
    return ChannelFactory(slug="default-channel", currency_code="CNY")


@pytest.fixture
def place(channel):
    station = WarehouseFactory(
        name="卡孜乡服务站", kind=PlaceKind.STATION, division=division(LINZHOU)
    )
    station.channels.add(channel)
    return station


@pytest.fixture
def operator(place):
    return staff_member(place, division=division(LINZHOU), email="operator@station.example")


@pytest.fixture
def reviewer(db):
    user = StaffUserFactory()
    StaffScope.objects.create(user=user, division=division(LHASA))
    return user


def form(**changes) -> dict:
    data = {
        "name_zh": "手工酥油",
        "name_bo": "མར་",
        "specification": "500克/袋",
        "net_weight": "",
        "unit": "",
        "price": "45-50元",
        "quantity": "20",
        "season": "6-9月",
        "category": "",
        "producer": "",
        "household_name": VILLAGER,
        "household_phone": PHONE,
        "household_status": HouseholdStatus.LIFTED,
        "household_public_name": "",
    }
    return {**data, **changes}


def record(place, operator, **changes) -> StationIntake:
    return station_intake_record(place=place, operator=operator, **form(**changes))


def post(client, place, **changes):
    return client.post(reverse("showroom:intake", args=[place.pk]), form(**changes))


def nothing_written() -> bool:
    return not (
        Handbook.objects.exists()
        or HandbookEntry.objects.exists()
        or Producer.objects.exists()
        or StationIntake.objects.exists()
    )


def png(name: str = f"{VILLAGER}.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "orange").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_intake_lands_in_the_review_queue_as_submitted(place, operator, channel):
    client = logged_in(operator)

    response = post(client, place)

    assert response.status_code == 302
    intake = StationIntake.objects.get()
    assert (intake.place, intake.operator, intake.quantity) == (place, operator, 20)
    entry = intake.handbook_entry
    handbook = entry.handbook
    assert handbook.county == division(LINZHOU)
    assert handbook.status == HandbookStatus.SUBMITTED
    assert handbook.submitted_by == operator and handbook.submitted_at is not None
    assert handbook.edition == timezone.localdate().year
    assert list(handbook.channels.all()) == [channel]
    assert (entry.name_zh, entry.name_bo, entry.specification) == ("手工酥油", "མར་", "500克/袋")
    assert (entry.net_weight, entry.unit) == (Decimal("0.500"), "袋")
    assert (entry.price_min, entry.price_max) == (Decimal("45.00"), Decimal("50.00"))
    assert (entry.season, entry.season_months) == ("6-9月", [6, 7, 8, 9])
    assert entry.row_number == 1
    household = entry.producer
    assert household.kind == ProducerKind.HOUSEHOLD
    assert household.county == division(LINZHOU)
    assert (household.contact_name, household.contact_phone) == (VILLAGER, PHONE)
    assert household.household_status == HouseholdStatus.LIFTED
    assert household.name == entry.producer_name == "卡孜乡服务站农户1"

    page = client.get(response["Location"]).content.decode()
    assert 'role="status"' in page
    assert f'id="intake-{intake.pk}"' in page
    assert 'data-status="submitted"' in page


def test_approval_publishes_the_product_without_the_villagers_private_data(
    place, operator, reviewer, channel
):
    tea = CategoryFactory(name="乳制品", slug="dairy")
    intake = record(place, operator, category=str(tea.pk))
    handbook = intake.handbook_entry.handbook

    handbook_approve(handbook=handbook, user=reviewer)

    entry = HandbookEntry.objects.select_related("product").get(pk=intake.handbook_entry_id)
    product = entry.product
    assert product is not None
    assert product.producer_id == entry.producer_id
    assert product.category == tea  # moved from 网货 to the category the operator chose
    handbook.refresh_from_db()
    assert handbook.status == HandbookStatus.APPROVED
    query = """
    query($slug: String!) { product(slug: $slug, channel: "default-channel") {
      name description seoDescription
      producer { name kind county { code } certifications }
      variants { name sku pricing { price { gross { amount } } } }
    } }
    """
    api = ApiClient().post_graphql(query, {"slug": product.slug})
    page = Client().get(reverse("storefront:product", args=[product.slug]))

    public = json.dumps(api.data, ensure_ascii=False)
    assert api.data["product"]["name"] == "手工酥油"
    # Outside the county's staff a household is only "<county> household".
    assert api.data["product"]["producer"]["name"] == household_label(place.division)
    assert page.status_code == 200
    html = page.content.decode()
    assert "手工酥油" in html
    for private in (VILLAGER, PHONE, "lifted", "脱贫"):
        assert private not in public
        assert private not in html
    assert not Product.objects.filter(name__contains=VILLAGER).exists()


def test_the_photo_is_kept_under_a_neutral_name_and_published(place, operator, reviewer):
    intake = record(place, operator, photo=png())

    image = HandbookEntryImage.objects.get(entry=intake.handbook_entry)
    assert VILLAGER not in image.image.name
    assert image.image.name.startswith("handbook-images/intake-")
    handbook_approve(handbook=intake.handbook_entry.handbook, user=reviewer)
    media = HandbookEntry.objects.get(pk=intake.handbook_entry_id).product.media.get()
    assert VILLAGER not in media.image.name


def test_a_second_intake_joins_the_submitted_intake_handbook(place, operator):
    first = record(place, operator)
    second = record(place, operator, name_zh="牦牛肉干", specification="250g", price="88")

    assert second.handbook_entry.handbook_id == first.handbook_entry.handbook_id
    assert Handbook.objects.count() == 1
    assert [e.row_number for e in HandbookEntry.objects.order_by("pk")] == [1, 2]
    assert second.handbook_entry.net_weight == Decimal("0.250")
    # A second villager without a chosen name gets the station's next neutral label.
    assert second.handbook_entry.producer.name == "卡孜乡服务站农户2"


@pytest.mark.parametrize("outcome", ["returned", "approved"])
def test_after_review_the_next_intake_starts_a_new_edition(place, operator, reviewer, outcome):
    first = record(place, operator)
    handbook = first.handbook_entry.handbook
    if outcome == "returned":
        handbook_return(handbook=handbook, user=reviewer, comment="请补充照片")
    else:
        handbook_approve(handbook=handbook, user=reviewer)

    second = record(place, operator, name_zh="青稞", specification="1斤", price="6")

    later = second.handbook_entry.handbook
    assert later.pk != handbook.pk
    assert later.edition == handbook.edition + 1
    assert later.status == HandbookStatus.SUBMITTED
    page = logged_in(operator).get(reverse("showroom:intake", args=[place.pk])).content.decode()
    assert f'data-status="{outcome}"' in page
    assert 'data-status="submitted"' in page
    if outcome == "returned":
        assert "请补充照片" in page
    else:
        product = HandbookEntry.objects.get(pk=first.handbook_entry_id).product
        assert reverse("storefront:product", args=[product.slug]) in page


def test_a_county_handbook_in_review_is_not_joined(place, operator):
    county = Handbook.objects.create(
        county=division(LINZHOU), edition=2030, status=HandbookStatus.SUBMITTED
    )

    intake = record(place, operator)

    assert intake.handbook_entry.handbook.edition == 2031
    assert not county.entries.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"name_zh": ""}, "name_zh"),
        ({"name_zh": "མར་"}, "name_zh"),
        ({"price": "看情况"}, "price"),
        ({"price": ""}, "price"),
        ({"price": "50-40"}, "price"),
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "2.5"}, "quantity"),
        ({"season": "十三月"}, "season"),
        ({"net_weight": "两袋"}, "net_weight"),
        ({"household_name": ""}, "household_name"),
        ({"household_status": "poor"}, "household_status"),
        ({"category": "999999"}, "category"),
        ({"producer": "999999"}, "producer"),
    ],
)
def test_validation_errors_name_the_field_and_write_nothing(place, operator, changes, field):
    response = post(logged_in(operator), place, **changes)

    assert response.status_code == 400
    assert nothing_written()
    page = response.content.decode()
    name_at = page.index(f'name="{field}"')
    assert 'class="field-error"' in page[name_at : page.index("</label>", name_at)]
    with pytest.raises(ValidationFailed) as caught:
        record(place, operator, **changes)
    camel = "".join(part if i == 0 else part.title() for i, part in enumerate(field.split("_")))
    assert [error.field for error in caught.value.errors] == [camel]
    assert all(error.extra["message_zh"] for error in caught.value.errors)
    assert nothing_written()


def test_every_problem_is_reported_at_once(place, operator):
    with pytest.raises(ValidationFailed) as caught:
        record(place, operator, name_zh="", price="x", quantity="", season="?")

    fields = {error.field for error in caught.value.errors}
    assert fields == {"nameZh", "price", "quantity", "season"}


def test_a_file_that_is_not_an_image_is_refused(place, operator):
    fake = SimpleUploadedFile("photo.png", b"not an image", content_type="image/png")

    with pytest.raises(ValidationFailed) as caught:
        record(place, operator, photo=fake)

    assert [error.field for error in caught.value.errors] == ["photo"]
    assert nothing_written()


def test_a_cooperative_of_the_county_can_be_named(place, operator):
    coop = Producer.objects.create(
        name="卡孜乡牦牛合作社", kind=ProducerKind.COOPERATIVE, county=division(LINZHOU)
    )

    intake = record(place, operator, producer=str(coop.pk), household_name="")

    assert intake.handbook_entry.producer == coop
    assert Producer.objects.count() == 1
    page = logged_in(operator).get(reverse("showroom:intake", args=[place.pk])).content.decode()
    assert f'<option value="{coop.pk}"' in page


def test_an_intake_household_can_be_named_again(place, operator):
    first = record(place, operator)

    second = record(
        place,
        operator,
        producer=first.handbook_entry.producer,
        household_name="",
        name_zh="奶渣",
    )

    assert second.handbook_entry.producer_id == first.handbook_entry.producer_id


@pytest.mark.parametrize(
    "kind, county",
    [(ProducerKind.HOUSEHOLD, LINZHOU), (ProducerKind.COOPERATIVE, "540102")],
)
def test_other_producers_cannot_be_named(place, operator, kind, county):
    # A household the county recorded itself, or a cooperative of another county.
    other = Producer.objects.create(name="次仁家", kind=kind, county=division(county))

    with pytest.raises(ValidationFailed) as caught:
        record(place, operator, producer=str(other.pk), household_name="")

    assert [error.field for error in caught.value.errors] == ["producer"]
    assert not StationIntake.objects.exists()


def test_the_household_may_choose_its_public_name(place, operator):
    intake = record(place, operator, household_public_name="格桑家的酥油")

    assert intake.handbook_entry.producer.name == "格桑家的酥油"
    with pytest.raises(ValidationFailed) as caught:
        record(place, operator, household_public_name="格桑家的酥油", name_zh="奶渣")
    assert [error.code for error in caught.value.errors] == ["UNIQUE"]


def test_the_same_product_of_the_same_producer_waits_only_once(place, operator):
    first = record(place, operator)
    producer = str(first.handbook_entry.producer_id)

    with pytest.raises(ValidationFailed) as caught:
        record(place, operator, producer=producer, household_name="")

    assert [(e.field, e.code) for e in caught.value.errors] == [("nameZh", "DUPLICATE")]
    assert StationIntake.objects.count() == HandbookEntry.objects.count() == 1


def test_a_station_outside_a_county_cannot_take_produce_in(place, operator):
    place.division = division(LHASA)
    place.save(update_fields=["division"])

    with pytest.raises(ValidationFailed) as caught:
        record(place, operator)

    assert [error.field for error in caught.value.errors] == ["place"]


def test_other_places_staff_are_refused(place, operator):
    other = WarehouseFactory(kind=PlaceKind.STATION, division=division(LINZHOU))
    client = logged_in(staff_member(other, division=division(LINZHOU)))

    assert client.get(reverse("showroom:intake", args=[place.pk])).status_code == 403
    assert post(client, place).status_code == 403
    assert Client().get(reverse("showroom:intake", args=[place.pk])).status_code == 403
    assert nothing_written()


def test_showrooms_have_no_intake_page(channel):
    showroom = WarehouseFactory(kind=PlaceKind.SHOWROOM)
    client = logged_in(StaffUserFactory(is_superuser=True))

    assert client.get(reverse("showroom:intake", args=[showroom.pk])).status_code == 404


def test_the_intake_list_renders_in_bounded_queries(
    place, operator, reviewer, django_assert_max_num_queries
):
    for index in range(6):
        record(place, operator, name_zh=f"酥油{index}")
    client = logged_in(operator)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("showroom:intake", args=[place.pk]))

    assert response.content.decode().count('data-status="submitted"') == 6
