"""Division queries (an additive extension)."""

from ariadne import EnumType, ObjectType, QueryType
from graphql import GraphQLError

from catalog import selectors
from catalog.models import Division, DivisionLevel
from infra.graphql.connections import SortKey, paginate
from infra.ids import from_global_id_or_error, to_global_id

query = QueryType()
division_type = ObjectType("Division")
division_level_enum = EnumType(
    "DivisionLevelEnum",
    {
        "REGION": DivisionLevel.REGION,
        "PREFECTURE": DivisionLevel.PREFECTURE,
        "COUNTY": DivisionLevel.COUNTY,
    },
)


@query.field("division")
def resolve_division(_obj, _info, id=None, code=None):
    if bool(id) == bool(code):
        raise GraphQLError("Provide one of: id or code.")
    if id:
        return selectors.divisions().filter(pk=from_global_id_or_error(id, "Division")).first()
    return selectors.divisions().filter(code=code).first()


@query.field("divisions")
def resolve_divisions(_obj, info, level=None, parent=None, **args):
    parent_pk = from_global_id_or_error(parent, "Division") if parent else None
    queryset = selectors.divisions(level=level, parent_pk=parent_pk)
    return paginate(queryset, info, args, SortKey(fields=("code",)))


@division_type.field("id")
def resolve_id(division: Division, _info):
    return to_global_id("Division", division.pk)


@division_type.field("name")
def resolve_name(division: Division, _info, language_code=None):
    code = (language_code or "ZH_HANS").upper()
    if code == "BO" and division.name_bo:
        return division.name_bo
    if code.startswith("EN"):
        return division.name_en
    return division.name_zh


bindables = [query, division_type, division_level_enum]
