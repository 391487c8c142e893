"""The `shop` query: platform-wide settings in Saleor's Shop shape."""

from ariadne import ObjectType, QueryType
from django.conf import settings
from django.utils import translation

from infra.accounts.permissions import PERMISSION_NAMES, PermissionEnum
from infra.graphql.languages import language_enum_name
from infra.graphql.metadata import bind_metadata
from infra.graphql.permissions import AUTHENTICATED_APP, AUTHENTICATED_STAFF_USER, require_one_of

API_VERSION = "3.24.0"
SCHEMA_VERSION = "3.24"

COUNTRY_NAMES = {"CN": "China"}


class Shop:
    """Read-only view of the settings; one per process."""

    metadata: dict = {}
    private_metadata: dict = {}


query = QueryType()
shop_type = ObjectType("Shop")
bind_metadata(shop_type, lambda _shop: [PermissionEnum.MANAGE_SETTINGS])


@query.field("shop")
def resolve_shop(*_):
    return Shop()


@shop_type.field("name")
def resolve_name(*_):
    return settings.SHOP_NAME


@shop_type.field("description")
def resolve_description(*_):
    return settings.SHOP_DESCRIPTION


@shop_type.field("defaultCountry")
def resolve_default_country(*_):
    code = settings.DEFAULT_COUNTRY
    return {"code": code, "country": COUNTRY_NAMES.get(code, code)}


@shop_type.field("languages")
def resolve_languages(*_):
    languages = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        languages.append({"code": language_enum_name(code), "language": info["name_local"]})
    return languages


@shop_type.field("permissions")
def resolve_permissions(*_):
    return [{"code": perm.value, "name": name} for perm, name in PERMISSION_NAMES.items()]


@shop_type.field("version")
def resolve_version(_obj, info):
    require_one_of(info, AUTHENTICATED_STAFF_USER, AUTHENTICATED_APP)
    return API_VERSION


@shop_type.field("schemaVersion")
def resolve_schema_version(*_):
    return SCHEMA_VERSION


bindables = [query, shop_type]
