"""Helpers for tests of catalog writes: privileged clients, attribute setups, uploads."""

import io
import json

from django.test import Client
from PIL import Image

from catalog.models import Attribute, AttributeInputType, ProductType
from infra.accounts.jwt import create_access_token
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from tests.conftest import ApiClient, GraphQLResponse
from tests.factories.accounts import AppFactory, StaffUserFactory
from tests.factories.catalog import (
    AttributeFactory,
    assign_product_attribute,
    assign_variant_attribute,
)


def staff_client(*permissions: PermissionEnum) -> ApiClient:
    """A staff user holding `permissions` (default MANAGE_PRODUCTS)."""
    user = StaffUserFactory(permissions=list(permissions or [PermissionEnum.MANAGE_PRODUCTS]))
    return ApiClient(create_access_token(user))


def app_client(*permissions: PermissionEnum) -> ApiClient:
    _app, token = AppFactory.with_token(permissions=list(permissions))
    return ApiClient(token)


def gid(instance_or_type, pk=None) -> str:
    if pk is None:
        return to_global_id(type(instance_or_type).__name__, instance_or_type.pk)
    return to_global_id(instance_or_type, pk)


def product_attribute(
    product_type: ProductType, input_type: str = AttributeInputType.DROPDOWN, **kwargs
) -> Attribute:
    attribute = AttributeFactory(input_type=input_type, **kwargs)
    assign_product_attribute(product_type, attribute)
    return attribute


def variant_attribute(
    product_type: ProductType,
    input_type: str = AttributeInputType.DROPDOWN,
    selection: bool = True,
    **kwargs,
) -> Attribute:
    attribute = AttributeFactory(input_type=input_type, **kwargs)
    assign_variant_attribute(product_type, attribute, selection=selection)
    return attribute


def image_bytes(fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def post_multipart(
    client: ApiClient, query: str, variables: dict, files: dict[str, tuple[str, bytes, str]]
) -> GraphQLResponse:
    """A GraphQL multipart request: `files` maps a variables path to (name, content, type)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "operations": json.dumps({"query": query, "variables": variables}),
        "map": json.dumps({str(i): [f"variables.{path}"] for i, path in enumerate(files)}),
    }
    for i, (name, content, content_type) in enumerate(files.values()):
        data[str(i)] = SimpleUploadedFile(name, content, content_type=content_type)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {client.token}"} if client.token else {}
    response = Client().post("/graphql/", data, **headers)
    return GraphQLResponse(response.status_code, json.loads(response.content))
