"""Division queries (an additive extension)."""

from ariadne import EnumType, ObjectType, QueryType
from graphql import GraphQLError

from catalog.models import Division, DivisionLevel
from catalog.selectors import divisions as division_selectors
from infra.graphql.connections import SortKey, paginate
from infra.ids import from_global_id_or_error

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
        return (
            division_selectors.divisions()
            .filter(pk=from_global_id_or_error(id, "Division"))
            .first()
        )
    return division_selectors.divisions().filter(code=code).first()


@query.field("divisions")
def resolve_divisions(_obj, info, level=None, parent=None, **args):
    parent_pk = from_global_id_or_error(parent, "Division") if parent else None
    queryset = division_selectors.divisions(level=level, parent_pk=parent_pk)
    return paginate(queryset, info, args, SortKey(fields=("code",)))


@division_type.field("name")
def resolve_name(division: Division, _info, language_code=None):
    code = (language_code or "ZH_HANS").upper()
    if code == "BO" and division.name_bo:
        return division.name_bo
    if code.startswith("EN"):
        return division.name_en
    return division.name_zh


bindables = [query, division_type, division_level_enum]
cost_map = {"Query": {"divisions": {"complexity": 1, "multipliers": ["first", "last"]}}}
