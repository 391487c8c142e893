"""Thumbnails: Product.thumbnail / ProductMedia.url, and the /thumbnail/ endpoint that makes them."""

import io

import pytest
from django.test import Client, override_settings
from PIL import Image

from catalog.models import Thumbnail
from catalog.thumbnails import thumbnail_size
from infra.ids import to_global_id
from tests.factories import ChannelFactory
from tests.factories.product_reads import ProductMediaFactory, gid, image_file, storefront_product

THUMBNAIL = """
query Thumbnail($size: Int, $format: ThumbnailFormatEnum) {
  product(slug: "songrong", channel: "lhasa") {
    thumbnail(size: $size, format: $format) { url alt }
    default: thumbnail { url }
  }
}
"""

MEDIA_URL = """
query MediaUrl($size: Int, $format: ThumbnailFormatEnum) {
  product(slug: "songrong", channel: "lhasa") {
    media { url(size: $size, format: $format) }
  }
}
"""


@pytest.fixture
def channel(db):
    return ChannelFactory(slug="lhasa")


@pytest.fixture
def product(channel):
    return storefront_product(channel, slug="songrong")


@pytest.fixture
def media(product):
    return ProductMediaFactory(product=product, alt="松茸", image=image_file((600, 400), "JPEG"))


def opened(thumbnail: Thumbnail) -> Image.Image:
    with thumbnail.image.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


@pytest.mark.parametrize(
    ("requested", "expected"),
    [(1, 32), (16, 32), (48, 32), (60, 64), (80, 64), (256, 256), (300, 256), (8000, 4096)],
)
def test_a_requested_size_becomes_the_closest_available_size(requested, expected):
    assert thumbnail_size(requested) == expected


def test_without_a_size_media_default_to_4096():
    assert thumbnail_size(None) == 4096


def test_thumbnail_points_to_the_endpoint_until_it_is_made(api_client, media):
    response = api_client.post_graphql(THUMBNAIL, {"size": 100, "format": "WEBP"})

    media_id = to_global_id("ProductMedia", media.pk)
    assert response.data["product"]["thumbnail"] == {
        "url": f"http://testserver/thumbnail/{media_id}/128/webp/",
        "alt": "松茸",
    }
    assert response.data["product"]["default"] == {
        "url": f"http://testserver/thumbnail/{media_id}/256/"
    }


def test_product_without_media_has_no_thumbnail(api_client, product):
    response = api_client.post_graphql(THUMBNAIL)

    assert response.data["product"]["thumbnail"] is None


def test_video_with_an_oembed_thumbnail_uses_it(api_client, product):
    ProductMediaFactory(
        product=product,
        image=None,
        type="VIDEO",
        external_url="https://video.example.com/v/1",
        oembed_data={"thumbnail_url": "https://video.example.com/t/1.jpg", "title": "采摘"},
    )

    response = api_client.post_graphql(THUMBNAIL)

    assert response.data["product"]["thumbnail"] == {
        "url": "https://video.example.com/t/1.jpg",
        "alt": "采摘",
    }


def test_endpoint_makes_stores_and_redirects(media):
    media_id = to_global_id("ProductMedia", media.pk)

    response = Client().get(f"/thumbnail/{media_id}/256/")

    thumbnail = Thumbnail.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thumbnail.image.url
    assert (thumbnail.product_media_id, thumbnail.size, thumbnail.format) == (media.pk, 256, "")
    assert thumbnail.image.name.startswith("thumbnails/")
    assert thumbnail.image.name.endswith(".jpg")
    image = opened(thumbnail)
    assert (image.format, image.size) == ("JPEG", (256, 171))


@pytest.mark.parametrize(("url_format", "pil_format"), [("webp", "WEBP"), ("avif", "AVIF")])
def test_endpoint_converts_to_webp_and_avif(media, url_format, pil_format):
    media_id = to_global_id("ProductMedia", media.pk)

    response = Client().get(f"/thumbnail/{media_id}/64/{url_format}/")

    thumbnail = Thumbnail.objects.get()
    assert response.status_code == 302
    assert thumbnail.format == url_format
    assert thumbnail.image.name.endswith(f".{url_format}")
    image = opened(thumbnail)
    assert (image.format, image.size) == (pil_format, (64, 43))


def test_a_made_thumbnail_is_served_without_resizing_again(media, django_assert_num_queries):
    media_id = to_global_id("ProductMedia", media.pk)
    first = Client().get(f"/thumbnail/{media_id}/100/")

    with django_assert_num_queries(1):  # the Thumbnail lookup, nothing else
        second = Client().get(f"/thumbnail/{media_id}/128/")

    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Thumbnail.objects.count() == 1


def test_api_answers_the_stored_thumbnail_once_made(api_client, media):
    media_id = to_global_id("ProductMedia", media.pk)
    Client().get(f"/thumbnail/{media_id}/256/")
    thumbnail = Thumbnail.objects.get()

    response = api_client.post_graphql(THUMBNAIL)

    assert response.data["product"]["default"] == {"url": f"http://testserver{thumbnail.image.url}"}


def test_media_url_sizes_formats_and_originals(api_client, product, media):
    ProductMediaFactory(
        product=product, image=None, type="VIDEO", external_url="https://video.example.com/v/2"
    )
    media_id = to_global_id("ProductMedia", media.pk)

    sized = api_client.post_graphql(MEDIA_URL, {"size": 512, "format": "AVIF"})
    default = api_client.post_graphql(MEDIA_URL)
    original = api_client.post_graphql(MEDIA_URL, {"size": 0})

    assert sized.data["product"]["media"] == [
        {"url": f"http://testserver/thumbnail/{media_id}/512/avif/"},
        {"url": "https://video.example.com/v/2"},
    ]
    assert default.data["product"]["media"][0] == {
        "url": f"http://testserver/thumbnail/{media_id}/4096/"
    }
    assert original.data["product"]["media"][0] == {"url": f"http://testserver{media.image.url}"}


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/thumbnail/{media}/256/png/", "Invalid format value. Available formats: webp, avif."),
        ("/thumbnail/bm9wZQ/256/", "Cannot found instance with the given id."),
        ("/thumbnail/{product}/256/", "Invalid instance type."),
        ("/thumbnail/{missing}/256/", "Instance with the given id cannot be found."),
        ("/thumbnail/{video}/256/", "There is no image for provided instance."),
    ],
)
def test_endpoint_bad_input_is_not_found(product, media, path, message):
    video = ProductMediaFactory(product=product, image=None, external_url="https://v.example/1")
    ids = {
        "media": gid(media),
        "product": gid(product),
        "missing": to_global_id("ProductMedia", 999999),
        "video": gid(video),
    }

    response = Client().get(path.format(**ids))

    assert response.status_code == 404
    assert response.content.decode() == message
    assert Thumbnail.objects.count() == 0


def test_endpoint_rejects_unreadable_images(product):
    broken = ProductMediaFactory(product=product)
    broken.image.save("broken.png", io.BytesIO(b"not an image"), save=True)

    response = Client().get(f"/thumbnail/{gid(broken)}/256/")

    assert response.status_code == 404
    assert Thumbnail.objects.count() == 0


@pytest.mark.s3
def test_endpoint_stores_thumbnails_on_s3(product, s3_bucket):
    storages = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_bucket["storage_options"],
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        media = ProductMediaFactory(product=product, image=image_file((300, 300), "PNG"))

        response = Client().get(f"/thumbnail/{gid(media)}/128/webp/")

        thumbnail = Thumbnail.objects.get()
        keys = {
            item["Key"]
            for item in s3_bucket["client"].list_objects_v2(Bucket=s3_bucket["name"])["Contents"]
        }
    assert response.status_code == 302
    assert response["Location"].startswith(s3_bucket["storage_options"]["endpoint_url"])
    assert thumbnail.image.name in keys
