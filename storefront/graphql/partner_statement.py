"""Partners' settlement statements: `partnerStatements`, `partnerStatement(id)` and
`partnerStatementSettle` (storefront/partners).

Reading needs MANAGE_ORDERS; an app limited to its channels sees only their statements, and
another partner's statement named by its ID is not found. Settling is for the platform (staff
or an unlimited app with MANAGE_ORDERS): the partner's own app may not declare itself paid.
"""

from ariadne import EnumType, MutationType, ObjectType, QueryType
from graphql import GraphQLError, GraphQLResolveInfo

from catalog.graphql.channel_scope import channel_scope, in_scope, scoped
from catalog.graphql.media import absolute_url
from catalog.graphql.pricing import money
from infra.accounts.permissions import PermissionEnum
from infra.errors import ValidationFailed
from infra.graphql.connections import SortKey, paginate
from infra.graphql.errors import PermissionDenied
from infra.graphql.mutations import perform
from infra.graphql.permissions import require_one_of
from infra.ids import from_global_id_or_error, to_global_id
from storefront.partners.downloads import statement_download_path
from storefront.partners.models import SettlementStatement, StatementStatus
from storefront.partners.services import statement_settle

query = QueryType()
mutation = MutationType()
statement_type = ObjectType("PartnerStatement")
TYPE_NAME = "PartnerStatement"
SORT = SortKey(fields=("period", "pk"), descending=True)


def statements(info: GraphQLResolveInfo):
    """The statements the caller may read."""
    require_one_of(info, PermissionEnum.MANAGE_ORDERS)
    queryset = SettlementStatement.objects.select_related("partner__channel")
    return scoped(info, queryset, "partner__channel_id")


def _statement_pk(global_id: str) -> int | None:
    try:
        value = from_global_id_or_error(global_id, TYPE_NAME)
    except GraphQLError:
        return None
    return int(value) if str(value).isdigit() else None


@query.field("partnerStatements")
def resolve_partner_statements(_obj, info, channel=None, **args):
    queryset = statements(info)
    if channel is not None:
        queryset = queryset.filter(partner__channel__slug=channel)
    return paginate(queryset, info, args, SORT)


@query.field("partnerStatement")
def resolve_partner_statement(_obj, info, id):
    pk = _statement_pk(id)
    if pk is None:
        raise GraphQLError(f"Invalid ID: {id}. Expected: {TYPE_NAME}.")
    return statements(info).filter(pk=pk).first()


@statement_type.field("id")
def resolve_id(statement: SettlementStatement, _info):
    return to_global_id(TYPE_NAME, statement.pk)


@statement_type.field("channel")
def resolve_channel(statement: SettlementStatement, _info):
    return statement.partner.channel


@statement_type.field("month")
def resolve_month(statement: SettlementStatement, _info):
    return f"{statement.period:%Y-%m}"


for _field, _attribute in (
    ("gross", "gross_amount"),
    ("refunds", "refunds_amount"),
    ("commission", "commission_amount"),
    ("netDue", "net_due_amount"),
):
    statement_type.set_field(
        _field,
        lambda statement, _info, attribute=_attribute: money(
            getattr(statement, attribute), statement.currency
        ),
    )


def _download(fmt: str):
    def resolve(statement: SettlementStatement, info):
        path = statement_download_path(statement, fmt)
        return absolute_url(info, path) if path else None

    return resolve


statement_type.set_field("csvUrl", _download("csv"))
statement_type.set_field("xlsxUrl", _download("xlsx"))


@mutation.field("partnerStatementSettle")
def resolve_partner_statement_settle(_obj, info, id):
    require_one_of(info, PermissionEnum.MANAGE_ORDERS)
    if channel_scope(info) is not None:
        raise PermissionDenied()

    def settle() -> dict:
        pk = _statement_pk(id)
        statement = SettlementStatement.objects.filter(pk=pk).first() if pk else None
        if statement is None or not in_scope(info, statement.partner.channel_id):
            raise ValidationFailed.single("id", "NOT_FOUND", f"Couldn't resolve to a node: {id}")
        return {"statement": statement_settle(statement=statement, **info.context.actor)}

    return perform(settle)


bindables = [
    query,
    mutation,
    statement_type,
    EnumType("PartnerStatementStatusEnum", {s.name: s.value for s in StatementStatus}),
]
cost_map = {"Query": {"partnerStatements": {"complexity": 1, "multipliers": ["first", "last"]}}}
