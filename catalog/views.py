"""The thumbnail endpoint: makes a product media thumbnail on first request, then redirects."""

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, HttpResponseRedirect
from graphql import GraphQLError
from PIL import UnidentifiedImageError

from catalog.models import ProductMedia, Thumbnail
from catalog.thumbnails import CONVERTIBLE_FORMATS, ORIGINAL, thumbnail_create, thumbnail_size
from infra.ids import from_global_id


def thumbnail(
    request: HttpRequest, instance_id: str, size: str, format: str | None = None
) -> HttpResponse:
    """Redirect to the thumbnail of `instance_id` (a ProductMedia) at the closest size."""
    image_format = format.lower() if format else ORIGINAL
    if image_format and image_format not in CONVERTIBLE_FORMATS:
        return HttpResponseNotFound(
            f"Invalid format value. Available formats: {', '.join(CONVERTIBLE_FORMATS)}."
        )
    try:
        type_name, pk = from_global_id(instance_id)
    except GraphQLError:
        return HttpResponseNotFound("Cannot found instance with the given id.")
    if type_name != "ProductMedia":
        return HttpResponseNotFound("Invalid instance type.")
    if not pk.isdigit():
        return HttpResponseNotFound("Instance with the given id cannot be found.")
    size_px = thumbnail_size(int(size))

    existing = Thumbnail.objects.filter(product_media_id=pk, size=size_px, format=image_format)
    if stored := existing.first():
        return HttpResponseRedirect(stored.image.url)
    media = ProductMedia.objects.filter(pk=pk).first()
    if media is None:
        return HttpResponseNotFound("Instance with the given id cannot be found.")
    if not media.image:
        return HttpResponseNotFound("There is no image for provided instance.")
    try:
        made = thumbnail_create(media=media, size=size_px, image_format=image_format)
    except UnidentifiedImageError:
        return HttpResponseNotFound("The image of the provided instance cannot be read.")
    return HttpResponseRedirect(made.image.url)
