"""productMediaCreate (GraphQL multipart upload or media URL) and productMediaDelete."""

import pytest
from django.core.files.storage import default_storage

from catalog.models import ProductMedia, ProductMediaType
from tests.conftest import permission_denied
from tests.factories import ProductFactory
from tests.factories.writes import gid, image_bytes, post_multipart, staff_client

CREATE = """
mutation Media($input: ProductMediaCreateInput!) {
  productMediaCreate(input: $input) {
    product { id }
    media { id }
    errors { field code message }
  }
}
"""

DELETE = """
mutation Delete($id: ID!) {
  productMediaDelete(id: $id) {
    product { id }
    media { id }
    errors { field code message }
  }
}
"""


def upload(
    client, product, name="songrong.png", content=None, content_type="image/png", alt="松茸"
):
    return post_multipart(
        client,
        CREATE,
        {"input": {"product": gid(product), "image": None, "alt": alt}},
        {"input.image": (name, image_bytes() if content is None else content, content_type)},
    )


def test_image_upload_is_stored(db):
    product = ProductFactory()

    response = upload(staff_client(), product)

    media = ProductMedia.objects.get()
    assert response.data["productMediaCreate"] == {
        "product": {"id": gid(product)},
        "media": {"id": gid(media)},
        "errors": [],
    }
    assert (media.product, media.type, media.alt, media.sort_order) == (
        product,
        ProductMediaType.IMAGE,
        "松茸",
        0,
    )
    assert media.image.name.startswith("products/songrong")
    assert default_storage.exists(media.image.name)


def test_second_media_goes_last(db):
    product = ProductFactory()
    client = staff_client()
    upload(client, product)

    upload(client, product, name="two.jpg", content=image_bytes("JPEG"), content_type="image/jpeg")

    assert list(ProductMedia.objects.values_list("sort_order", flat=True)) == [0, 1]


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("notes.txt", b"hello", "text/plain", "Invalid file type."),
        ("fake.png", b"not really a png", "image/png", None),
        ("noext", None, "image/png", "Lack of file extension."),
        ("image.pdf", None, "image/png", "Invalid file extension. Image file required."),
    ],
)
def test_non_image_upload_is_refused(db, name, content, content_type, message):
    product = ProductFactory()

    response = upload(
        staff_client(), product, name=name, content=content, content_type=content_type
    )

    errors = response.data["productMediaCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("image", "INVALID")]
    if message:
        assert errors[0]["message"] == message
    else:
        assert errors[0]["message"].startswith("Invalid file. The following error was raised")
    assert ProductMedia.objects.count() == 0


def test_external_video_url(db):
    product = ProductFactory()

    response = staff_client().post_graphql(
        CREATE,
        {"input": {"product": gid(product), "mediaUrl": "https://www.youtube.com/watch?v=abc"}},
    )

    assert response.data["productMediaCreate"]["errors"] == []
    media = ProductMedia.objects.get()
    assert (media.type, media.external_url, media.oembed_data["provider_name"]) == (
        ProductMediaType.VIDEO,
        "https://www.youtube.com/watch?v=abc",
        "YouTube",
    )


def test_external_image_url_is_kept_as_url(db):
    product = ProductFactory()

    staff_client().post_graphql(
        CREATE, {"input": {"product": gid(product), "mediaUrl": "https://cdn.example.com/a.jpg"}}
    )

    media = ProductMedia.objects.get()
    assert (media.type, media.external_url, bool(media.image)) == (
        ProductMediaType.IMAGE,
        "https://cdn.example.com/a.jpg",
        False,
    )


def test_unsupported_media_provider(db):
    product = ProductFactory()

    response = staff_client().post_graphql(
        CREATE, {"input": {"product": gid(product), "mediaUrl": "https://example.com/page"}}
    )

    assert response.data["productMediaCreate"]["errors"] == [
        {
            "field": "mediaUrl",
            "code": "UNSUPPORTED_MEDIA_PROVIDER",
            "message": "Unsupported media provider or incorrect URL.",
        }
    ]


@pytest.mark.parametrize(
    ("extra", "code", "message"),
    [
        ({}, "REQUIRED", "Image or external URL is required."),
        (
            {"mediaUrl": "https://youtu.be/x", "alt": "x" * 251},
            "INVALID",
            "Alt field exceeds the character limit of 250.",
        ),
    ],
)
def test_media_input_checks(db, extra, code, message):
    product = ProductFactory()

    response = staff_client().post_graphql(CREATE, {"input": {"product": gid(product), **extra}})

    assert response.data["productMediaCreate"]["errors"] == [
        {"field": "input", "code": code, "message": message}
    ]


def test_media_for_unknown_product(db):
    missing = gid("Product", 404)

    response = staff_client().post_graphql(
        CREATE, {"input": {"product": missing, "mediaUrl": "https://youtu.be/x"}}
    )

    assert response.data["productMediaCreate"]["errors"] == [
        {
            "field": "product",
            "code": "NOT_FOUND",
            "message": f"Couldn't resolve to a node: {missing}",
        }
    ]


@pytest.mark.parametrize(
    "caller", ["api_client", "user_api_client", "staff_api_client", "app_api_client"]
)
def test_media_create_needs_manage_products(caller, request):
    client = request.getfixturevalue(caller)
    product = ProductFactory()

    response = upload(client, product)

    assert permission_denied(response)
    assert ProductMedia.objects.count() == 0


def test_media_delete_removes_row_and_file(db, django_capture_on_commit_callbacks):
    product = ProductFactory()
    client = staff_client()
    upload(client, product)
    media = ProductMedia.objects.get()
    name = media.image.name

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post_graphql(DELETE, {"id": gid(media)})

    assert response.data["productMediaDelete"] == {
        "product": {"id": gid(product)},
        "media": {"id": gid(media)},
        "errors": [],
    }
    assert ProductMedia.objects.count() == 0
    assert not default_storage.exists(name)


def test_media_delete_unknown(db):
    missing = gid("ProductMedia", 404)

    response = staff_client().post_graphql(DELETE, {"id": missing})

    assert response.data["productMediaDelete"]["errors"] == [
        {"field": "id", "code": "NOT_FOUND", "message": f"Couldn't resolve to a node: {missing}"}
    ]


@pytest.mark.parametrize(
    "caller", ["api_client", "user_api_client", "staff_api_client", "app_api_client"]
)
def test_media_delete_needs_manage_products(caller, request):
    client = request.getfixturevalue(caller)
    product = ProductFactory()
    upload(staff_client(), product)
    media = ProductMedia.objects.get()

    response = client.post_graphql(DELETE, {"id": gid(media)})

    assert permission_denied(response)
    assert ProductMedia.objects.count() == 1
