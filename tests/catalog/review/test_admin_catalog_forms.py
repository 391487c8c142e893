"""Producer, brand and licence pages save through the catalog services and their rules."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from catalog.models import Brand, BrandLicence, BrandTier, LicenceStatus, Producer
from catalog.validators import uscc_check_character
from tests.catalog.review.conftest import (
    BAYI,
    LHASA,
    LINZHOU,
    NYINGCHI,
    division,
    make_producer,
    scoped_staff,
)
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def valid_code() -> str:
    first = "93540121MA6T12345"
    return first + uscc_check_character(first)


def producer_form(**fields) -> dict:
    return {
        "name": "林周县牦牛合作社",
        "kind": "cooperative",
        "county": division(LINZHOU).pk,
        "registration_code": "",
        "contact_name": "",
        "contact_phone": "",
        "address": "",
        "household_status": "",
        **fields,
    }


def test_producer_created_through_the_service(county_user):
    client = client_for(county_user)

    response = client.post(
        "/admin/catalog/producer/add/",
        producer_form(registration_code=f" {valid_code().lower()} ", certifications=["organic"]),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    producer = Producer.objects.get()
    assert producer.registration_code == valid_code()  # normalised by the service
    assert producer.certifications == ["organic"]
    assert producer.county == division(LINZHOU)


def test_producer_service_refusal_is_shown_on_the_field(county_user):
    client = client_for(county_user)

    response = client.post(
        "/admin/catalog/producer/add/", producer_form(registration_code="93540121MA6T12345X")
    )

    assert response.status_code == 200
    assert "registration_code" in response.context["adminform"].form.errors
    assert not Producer.objects.exists()


def test_producer_update_changes_only_what_changed(county_user):
    producer = make_producer(LINZHOU)
    client = client_for(county_user)

    response = client.post(
        f"/admin/catalog/producer/{producer.pk}/change/",
        producer_form(name=producer.name, contact_phone="0891-1234567"),
    )

    assert response.status_code == 302
    producer.refresh_from_db()
    assert producer.contact_phone == "0891-1234567"


def test_brand_rules_come_from_the_service(prefecture_user):
    client = client_for(prefecture_user)
    region_brand = Brand.objects.create(
        name="西藏好物", slug="xizang", tier=BrandTier.REGION, owner_division=division("540000")
    )
    data = {
        "name": "拉萨净土",
        "name_en": "Lhasa Pure Land",
        "tier": "prefecture",
        "owner_division": division(LHASA).pk,
        "is_active": "on",
    }

    refused = client.post("/admin/catalog/brand/add/", data)  # no parent brand
    assert refused.status_code == 200
    assert "parent" in refused.context["adminform"].form.errors

    response = client.post("/admin/catalog/brand/add/", {**data, "parent": region_brand.pk})
    assert response.status_code == 302
    brand = Brand.objects.get(name="拉萨净土")
    assert brand.slug == "lhasa-pure-land"


def test_licence_granted_through_the_service(prefecture_user):
    brand = Brand.objects.create(
        name="拉萨净土", slug="lhasa", tier=BrandTier.PREFECTURE, owner_division=division(LHASA)
    )
    producer = make_producer(LINZHOU)
    product = ProductFactory(producer=producer)
    client = client_for(prefecture_user)
    today = timezone.localdate()
    data = {
        "brand": brand.pk,
        "producer": producer.pk,
        "products": [product.pk],
        "start_date": (today - datetime.timedelta(days=30)).isoformat(),
        "end_date": (today - datetime.timedelta(days=1)).isoformat(),  # already over
        "note": "",
    }

    refused = client.post("/admin/catalog/brandlicence/add/", data)
    assert refused.status_code == 200
    assert "end_date" in refused.context["adminform"].form.errors
    assert not BrandLicence.objects.exists()

    data["end_date"] = (today + datetime.timedelta(days=365)).isoformat()
    response = client.post("/admin/catalog/brandlicence/add/", data)
    assert response.status_code == 302
    licence = BrandLicence.objects.get()
    assert licence.status == LicenceStatus.ACTIVE
    assert list(licence.products.all()) == [product]


def test_licence_choices_are_the_scopes_brands_and_producers(prefecture_user):
    Brand.objects.create(
        name="拉萨净土", slug="lhasa", tier=BrandTier.PREFECTURE, owner_division=division(LHASA)
    )
    Brand.objects.create(
        name="林芝", slug="nyingchi", tier=BrandTier.PREFECTURE, owner_division=division(NYINGCHI)
    )
    make_producer(LINZHOU)
    make_producer(BAYI, name="巴宜区合作社")

    form = (
        client_for(prefecture_user)
        .get("/admin/catalog/brandlicence/add/")
        .context["adminform"]
        .form
    )

    assert [b.slug for b in form.fields["brand"].queryset] == ["lhasa"]
    assert [p.county.code for p in form.fields["producer"].queryset] == [LINZHOU]


def test_county_staff_see_no_other_countys_producers_in_choices():
    make_producer(LINZHOU)
    make_producer(BAYI, name="巴宜区合作社")
    client = client_for(scoped_staff(BAYI))

    response = client.get("/admin/catalog/brand/add/")

    producers = response.context["adminform"].form.fields["owner_producer"].queryset
    assert [p.county.code for p in producers] == [BAYI]
