"""Places: the fields showrooms and stations add to Saleor's Warehouse type, and the public
`places` query (non-private showrooms and stations, by kind and division)."""

from collections import defaultdict
from collections.abc import Mapping

from ariadne import EnumType, ObjectType, QueryType

from catalog.graphql.loaders import Loader, load_for, remember_siblings
from catalog.graphql.taxonomy_common import image_of
from catalog.models import PlaceKind, PlacePhoto, Warehouse
from catalog.selectors.places import public_places
from infra.graphql.connections import SortKey, paginate
from infra.ids import from_global_id_or_error

query = QueryType()
warehouse_type = ObjectType("Warehouse")
place_kind_enum = EnumType("PlaceKindEnum", {kind.name: kind.value for kind in PlaceKind})

BY_NAME = SortKey(("name", "slug"))


def photos_by_place_id(place_ids: list[int]) -> Mapping[int, list[PlacePhoto]]:
    found: dict[int, list[PlacePhoto]] = defaultdict(list)
    for photo in PlacePhoto.objects.filter(place_id__in=place_ids).order_by("sort_order", "pk"):
        found[photo.place_id].append(photo)
    return found


class PhotosByPlaceIdLoader(Loader):
    many = True
    fetch_many = staticmethod(photos_by_place_id)


@query.field("places")
def resolve_places(_obj, info, kind=None, division=None, **args):
    division_pk = from_global_id_or_error(division, "Division") if division else None
    connection = paginate(public_places(kind=kind, division_pk=division_pk), info, args, BY_NAME)
    remember_siblings(edge.node for edge in connection.edges)
    return connection


@warehouse_type.field("openingHours")
def resolve_opening_hours(place: Warehouse, _info):
    return place.opening_hours or []


@warehouse_type.field("coordinates")
def resolve_coordinates(place: Warehouse, _info):
    if place.latitude is None or place.longitude is None:
        return None
    return {"latitude": place.latitude, "longitude": place.longitude}


@warehouse_type.field("photos")
def resolve_photos(place: Warehouse, info, size=None):
    # Place photos are served as stored (no thumbnails yet): `size` is accepted and ignored,
    # as for categories' background images.
    photos = load_for(info, PhotosByPlaceIdLoader, place, lambda p: p.pk)
    return [image_of(info, photo.image, photo.alt) for photo in photos if photo.image]


bindables = [query, warehouse_type, place_kind_enum]
cost_map = {
    "Query": {"places": {"complexity": 1, "multipliers": ["first", "last"]}},
    "Warehouse": {"photos": {"complexity": 1}},
}
