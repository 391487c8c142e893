"""The Producer type (an additive extension): public facts only.

`householdStatus` marks households lifted out of poverty or at risk; it answers only staff
users holding MANAGE_PRODUCTS whose scope (catalog.selectors.scopes) covers the producer's
county. Apps, customers and anonymous callers are always refused. The same staff see a
household's real `name`; everyone else gets its public name (catalog.selectors.producers).
"""

from ariadne import EnumType, ObjectType
from graphql import GraphQLResolveInfo

from catalog.graphql.loaders import Loader, RemembersSiblings
from catalog.models import Certification, HouseholdStatus, Producer, ProducerKind
from catalog.selectors import brands as brand_selectors
from catalog.selectors.producers import producer_public_name
from catalog.selectors.scopes import scoped_division_ids
from infra.accounts.permissions import PermissionEnum
from infra.graphql.errors import PermissionDenied
from infra.graphql.permissions import has_one_of

producer_type = ObjectType("Producer")
producer_kind_enum = EnumType("ProducerKindEnum", {kind.name: kind.value for kind in ProducerKind})
certification_enum = EnumType(
    "ProducerCertificationEnum", {item.name: item.value for item in Certification}
)
household_status_enum = EnumType(
    "ProducerHouseholdStatusEnum", {status.name: status.value for status in HouseholdStatus}
)


class ProducerByIdLoader(RemembersSiblings):
    fetch_many = staticmethod(brand_selectors.producers_by_id)


class DivisionByIdLoader(Loader):
    fetch_many = staticmethod(brand_selectors.divisions_by_id)


def staff_scope(info: GraphQLResolveInfo) -> set[int] | None:
    """The division pks the calling staff user manages (None: all), cached per request;
    an empty set for anyone who is not a staff user."""
    cache = info.context.cache
    if "staff_division_scope" not in cache:
        context = info.context
        cache["staff_division_scope"] = (
            scoped_division_ids(context.user)
            if context.app is None and context.is_staff_user
            else set()
        )
    return cache["staff_division_scope"]


def may_manage_division(info: GraphQLResolveInfo, division_id: int | None) -> bool:
    """Apps holding the permission act for the whole shop; staff users within their scope."""
    if info.context.app is not None:
        return True
    allowed = staff_scope(info)
    return allowed is None or division_id in allowed


def sees_private_facts(info: GraphQLResolveInfo, producer: Producer) -> bool:
    """Staff users with MANAGE_PRODUCTS whose scope covers the producer's county (never apps)."""
    context = info.context
    if context.app is not None or not context.is_staff_user:
        return False
    allowed = staff_scope(info)
    return has_one_of(context, [PermissionEnum.MANAGE_PRODUCTS]) and (
        allowed is None or producer.county_id in allowed
    )


@producer_type.field("name")
def resolve_name(producer: Producer, info) -> str:
    if producer.kind == ProducerKind.HOUSEHOLD and not sees_private_facts(info, producer):
        return producer_public_name(producer)
    return producer.name


@producer_type.field("certifications")
def resolve_certifications(producer: Producer, _info) -> list[str]:
    known = set(Certification.values)
    return [value for value in producer.certifications or () if value in known]


@producer_type.field("householdStatus")
def resolve_household_status(producer: Producer, info) -> str:
    if not sees_private_facts(info, producer):
        raise PermissionDenied(permissions=[PermissionEnum.MANAGE_PRODUCTS.value])
    return producer.household_status or HouseholdStatus.NONE


bindables = [producer_type, producer_kind_enum, certification_enum, household_status_enum]
