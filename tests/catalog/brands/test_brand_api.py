"""Query.brands / Query.brand and the staff mutations for brands and licences."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Brand, BrandLicence, BrandTier, LicenceStatus
from catalog.services.brands import brand_create, brand_update
from infra.accounts.permissions import PermissionEnum
from tests.catalog.brands.conftest import (
    BAYI,
    GYANTSE,
    NYINGCHI,
    REGION,
    SHIGATSE,
    days,
    division,
    make_producer,
    product_manager,
)
from tests.conftest import permission_denied
from tests.factories import CategoryFactory, ProductFactory
from tests.factories.product_reads import app_with, gid, image_file

BRANDS = """
query Brands($filter: BrandFilterInput, $first: Int, $after: String) {
  brands(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { slug } }
  }
}
"""

BRAND = """
query Brand($id: ID, $slug: String) {
  brand(id: $id, slug: $slug) {
    id name nameBo nameEn slug tier isPublic isActive description usageRules
    logo { url alt }
    parent { slug }
    children { slug }
    ownerDivision { code level }
    ownerProducer { name }
  }
}
"""

CREATE = """
mutation Create($input: BrandCreateInput!) {
  brandCreate(input: $input) {
    brand { slug tier parent { slug } ownerDivision { code } ownerProducer { name } }
    errors { field code message }
  }
}
"""

UPDATE = """
mutation Update($id: ID!, $input: BrandInput!) {
  brandUpdate(id: $id, input: $input) {
    brand { name isActive parent { slug } }
    errors { field code message }
  }
}
"""

GRANT = """
mutation Grant($input: BrandLicenceGrantInput!) {
  brandLicenceGrant(input: $input) {
    brandLicence {
      id status startDate endDate note
      brand { slug } producer { name } products { slug } categories { slug }
    }
    errors { field code message }
  }
}
"""

CHANGE = """
mutation Change($id: ID!) {
  reinstate: brandLicenceReinstate(id: $id) { brandLicence { status } errors { field code } }
  expire: brandLicenceExpire(id: $id) { brandLicence { status } errors { field code } }
  again: brandLicenceExpire(id: $id) { brandLicence { status } errors { field code message } }
}
"""


def brand_slugs(client, **variables) -> list[str]:
    variables.setdefault("first", 50)
    data = client.post_graphql(BRANDS, variables).data["brands"]
    return [edge["node"]["slug"] for edge in data["edges"]]


# --- queries --------------------------------------------------------------------------------


def test_brands_are_listed_by_tier_then_slug(api_client, tree):
    own = brand_create(name="雪域果园", name_en="Snowland", tier=BrandTier.ENTERPRISE,
                       owner_producer=make_producer())  # fmt: skip
    expected = ["tibet-goods", "nyingchi-goods", "shigatse-goods", "bayi-goods", own.slug]
    assert brand_slugs(api_client) == expected
    # Keyset pages walk the same order.
    first = api_client.post_graphql(BRANDS, {"first": 2}).data["brands"]
    assert first["totalCount"] == 5 and first["pageInfo"]["hasNextPage"]
    rest = brand_slugs(api_client, first=10, after=first["pageInfo"]["endCursor"])
    assert rest == expected[2:]


def test_brand_filters(api_client, tree):
    own = brand_create(name="雪域果园", tier=BrandTier.ENTERPRISE, owner_producer=make_producer())
    nyingchi = gid(division(NYINGCHI))
    assert brand_slugs(api_client, filter={"tier": "PREFECTURE"}) == [
        "nyingchi-goods", "shigatse-goods",
    ]  # fmt: skip
    assert brand_slugs(api_client, filter={"division": nyingchi}) == [
        "nyingchi-goods", "bayi-goods", own.slug,
    ]  # fmt: skip
    assert brand_slugs(api_client, filter={"division": gid(division(REGION))}) == [
        "tibet-goods", "nyingchi-goods", "shigatse-goods", "bayi-goods", own.slug,
    ]  # fmt: skip
    assert brand_slugs(api_client, filter={"division": nyingchi, "tier": "COUNTY"}) == [
        "bayi-goods"
    ]
    assert brand_slugs(api_client, filter={"search": "日喀则"}) == ["shigatse-goods"]
    assert brand_slugs(api_client, filter={"search": "tibet"}) == ["tibet-goods"]


def test_inactive_brands_only_for_staff(api_client, tree):
    brand_update(brand=tree.bayi, data={"is_active": False})
    assert "bayi-goods" not in brand_slugs(api_client)
    assert api_client.post_graphql(BRAND, {"slug": "bayi-goods"}).data["brand"] is None
    parent = api_client.post_graphql(BRAND, {"slug": "nyingchi-goods"}).data["brand"]
    assert parent["children"] == []

    staff = product_manager()
    assert "bayi-goods" in brand_slugs(staff)
    staff_view = staff.post_graphql(BRAND, {"slug": "nyingchi-goods"}).data["brand"]
    assert staff_view["children"] == [{"slug": "bayi-goods"}]


def test_brand_by_id_or_slug_with_its_relations(api_client, tree):
    tree.nyingchi.logo.save("nyingchi.png", image_file(name="logo"), save=True)
    brand_update(brand=tree.nyingchi, data={
        "name_bo": "ཉིང་ཁྲི་ཐོན་རྫས་བཟང་པོ", "description": "林芝市公用品牌", "usage_rules": "仅限授权产品",
    })  # fmt: skip

    by_slug = api_client.post_graphql(BRAND, {"slug": "nyingchi-goods"}).data["brand"]
    by_id = api_client.post_graphql(BRAND, {"id": gid(tree.nyingchi)}).data["brand"]

    assert by_slug == by_id
    assert by_slug["logo"]["url"].startswith("http://testserver/")
    assert by_slug["logo"]["alt"] == "林芝好物"
    assert {k: by_slug[k] for k in ("tier", "isPublic", "nameBo", "usageRules")} == {
        "tier": "PREFECTURE", "isPublic": True, "nameBo": "ཉིང་ཁྲི་ཐོན་རྫས་བཟང་པོ",
        "usageRules": "仅限授权产品",
    }  # fmt: skip
    assert by_slug["parent"] == {"slug": "tibet-goods"}
    assert by_slug["children"] == [{"slug": "bayi-goods"}]
    assert by_slug["ownerDivision"] == {"code": NYINGCHI, "level": "PREFECTURE"}
    assert by_slug["ownerProducer"] is None
    response = api_client.post_graphql(BRAND, {})
    assert "At least one of arguments is required" in response.errors[0]["message"]


# --- brand mutations ------------------------------------------------------------------------


def test_brand_create_through_the_api(tree):
    client = product_manager(scope=NYINGCHI)
    response = client.post_graphql(CREATE, {"input": {
        "name": "米林好物", "nameEn": "Mainling Goods", "tier": "COUNTY",
        "ownerDivision": gid(division("540481")), "parent": gid(tree.nyingchi),
    }})  # fmt: skip

    assert response.data["brandCreate"] == {
        "brand": {
            "slug": "mainling-goods",
            "tier": "COUNTY",
            "parent": {"slug": "nyingchi-goods"},
            "ownerDivision": {"code": "540481"},
            "ownerProducer": None,
        },
        "errors": [],
    }


def test_brand_create_reports_rule_errors(tree):
    client = product_manager()
    response = client.post_graphql(CREATE, {"input": {
        "name": "江孜好物", "tier": "COUNTY", "ownerDivision": gid(division(GYANTSE)),
        "parent": gid(tree.nyingchi),
    }})  # fmt: skip
    payload = response.data["brandCreate"]
    assert payload["brand"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("parent", "INVALID")]

    missing = client.post_graphql(CREATE, {"input": {"name": "企业", "tier": "ENTERPRISE"}})
    assert [(e["field"], e["code"]) for e in missing.data["brandCreate"]["errors"]] == [
        ("ownerProducer", "REQUIRED")
    ]
    bad_id = client.post_graphql(CREATE, {"input": {
        "name": "x", "tier": "REGION", "ownerDivision": gid(tree.region),
    }})  # fmt: skip
    assert bad_id.data["brandCreate"]["errors"][0]["code"] == "GRAPHQL_ERROR"


def test_enterprise_brand_create_for_a_producer(tree):
    producer = make_producer()
    response = product_manager(scope=BAYI).post_graphql(CREATE, {"input": {
        "name": "雪域果园", "tier": "ENTERPRISE", "ownerProducer": gid(producer),
    }})  # fmt: skip
    brand = response.data["brandCreate"]["brand"]
    assert brand["ownerProducer"] == {"name": producer.name}
    assert brand["ownerDivision"] == {"code": BAYI}


def test_brand_mutations_need_permission_and_scope(tree, user_api_client):
    county_brand = {"input": {
        "name": "米林好物", "tier": "COUNTY", "ownerDivision": gid(division("540481")),
        "parent": gid(tree.nyingchi),
    }}  # fmt: skip
    assert permission_denied(user_api_client.post_graphql(CREATE, county_brand))
    assert permission_denied(app_with().post_graphql(CREATE, county_brand))
    # Shigatse staff cannot brand a Nyingchi county; staff without a scope nothing at all.
    assert permission_denied(product_manager(scope=SHIGATSE).post_graphql(CREATE, county_brand))
    assert permission_denied(product_manager(scope=None).post_graphql(CREATE, county_brand))
    update = {"id": gid(tree.bayi), "input": {"name": "改名"}}
    assert permission_denied(product_manager(scope=SHIGATSE).post_graphql(UPDATE, update))
    assert not Brand.objects.filter(slug__startswith="mi-lin").exists()
    # Apps with the permission act for the whole shop.
    created = app_with(PermissionEnum.MANAGE_PRODUCTS).post_graphql(CREATE, county_brand)
    assert created.data["brandCreate"]["errors"] == []


def test_brand_update_through_the_api(tree):
    client = product_manager(scope=NYINGCHI)
    response = client.post_graphql(UPDATE, {"id": gid(tree.bayi), "input": {
        "name": "巴宜优品", "isActive": False,
    }})  # fmt: skip
    assert response.data["brandUpdate"] == {
        "brand": {"name": "巴宜优品", "isActive": False, "parent": {"slug": "nyingchi-goods"}},
        "errors": [],
    }
    wrong = client.post_graphql(UPDATE, {"id": gid(tree.bayi), "input": {"parent": None}})
    assert [(e["field"], e["code"]) for e in wrong.data["brandUpdate"]["errors"]] == [
        ("parent", "REQUIRED")
    ]


# --- licence mutations ----------------------------------------------------------------------


def test_licence_grant_and_status_changes_through_the_api(tree):
    producer = make_producer()
    product = ProductFactory(producer=producer, slug="matsutake")
    category = CategoryFactory(slug="fungi")
    client = product_manager(scope=NYINGCHI)

    response = client.post_graphql(GRANT, {"input": {
        "brand": gid(tree.nyingchi), "producer": gid(producer), "products": [gid(product)],
        "categories": [gid(category)], "startDate": str(days(0)), "endDate": str(days(365)),
        "note": "2025 年度授权",
    }})  # fmt: skip

    payload = response.data["brandLicenceGrant"]
    assert payload["errors"] == []
    granted = payload["brandLicence"]
    assert {k: granted[k] for k in ("status", "startDate", "endDate", "note")} == {
        "status": "ACTIVE", "startDate": str(days(0)), "endDate": str(days(365)),
        "note": "2025 年度授权",
    }  # fmt: skip
    assert granted["brand"] == {"slug": "nyingchi-goods"}
    assert granted["products"] == [{"slug": "matsutake"}]
    assert granted["categories"] == [{"slug": "fungi"}]

    licence = BrandLicence.objects.get()
    licence.status = LicenceStatus.SUSPENDED
    licence.save()
    changed = client.post_graphql(CHANGE, {"id": granted["id"]}).data
    assert changed["reinstate"] == {"brandLicence": {"status": "ACTIVE"}, "errors": []}
    assert changed["expire"] == {"brandLicence": {"status": "EXPIRED"}, "errors": []}
    assert changed["again"]["brandLicence"] is None
    assert changed["again"]["errors"][0]["code"] == "INVALID"


def test_licence_grant_errors_and_scope(tree):
    gyantse = make_producer(county=GYANTSE, name="江孜户")
    product = ProductFactory(producer=gyantse)
    grant = {"input": {
        "brand": gid(tree.nyingchi), "producer": gid(gyantse), "products": [gid(product)],
        "startDate": str(days(0)), "endDate": str(days(30)),
    }}  # fmt: skip
    response = product_manager().post_graphql(GRANT, grant)
    assert [(e["field"], e["code"]) for e in response.data["brandLicenceGrant"]["errors"]] == [
        ("producer", "INVALID")
    ]
    # Only the staff of the brand's division grant its licences.
    region_grant = {"input": {**grant["input"], "brand": gid(tree.region)}}
    assert permission_denied(product_manager(scope=SHIGATSE).post_graphql(GRANT, region_grant))
    ok = product_manager(scope=REGION).post_graphql(GRANT, region_grant)
    assert ok.data["brandLicenceGrant"]["errors"] == []
    assert not BrandLicence.objects.filter(brand=tree.nyingchi).exists()


BRAND_TREE = """
query Tree($first: Int) {
  brands(first: $first) { edges { node {
    slug logo { url }
    parent { slug ownerDivision { code } }
    children { slug children { slug } }
    ownerDivision { code nameEn }
    ownerProducer { name county { code } }
  } } }
}
"""


def test_brand_list_costs_the_same_for_any_page_size(api_client, tree):
    for index in range(6):
        brand_create(name=f"企业{index}", tier=BrandTier.ENTERPRISE,
                     owner_producer=make_producer(name=f"公司{index}"))  # fmt: skip
    sizes = []
    for first in (2, 10):
        with CaptureQueriesContext(connection) as queries:
            response = api_client.post_graphql(BRAND_TREE, {"first": first})
        assert len(response.data["brands"]["edges"]) == first
        sizes.append(len(queries))
    assert sizes[0] == sizes[1]
