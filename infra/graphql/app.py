"""Apps: the App and AppToken types, appCreate and appTokenCreate (Saleor's rules)."""

from ariadne import MutationType, ObjectType
from graphql import GraphQLError, GraphQLResolveInfo

from infra.accounts import app_services
from infra.accounts.models import App, AppToken
from infra.accounts.permissions import PERMISSION_NAMES, PermissionEnum
from infra.errors import ValidationFailed
from infra.graphql.errors import PermissionDenied
from infra.graphql.metadata import bind_metadata
from infra.graphql.mutations import perform
from infra.graphql.permissions import AUTHENTICATED_STAFF_USER, require_one_of
from infra.ids import from_global_id_or_error, to_global_id

mutation = MutationType()
app_type = ObjectType("App")
app_token_type = ObjectType("AppToken")


def _app_metadata_permissions(_app: App) -> list[PermissionEnum]:
    return [PermissionEnum.MANAGE_APPS]


bind_metadata(app_type, _app_metadata_permissions)


def _own_private_metadata(app: App, info: GraphQLResolveInfo) -> dict:
    """An app reads its own private metadata; others need MANAGE_APPS (Saleor)."""
    if info.context.app is None or info.context.app.pk != app.pk:
        require_one_of(info, PermissionEnum.MANAGE_APPS)
    return app.private_metadata or {}


app_type.set_field(
    "privateMetadata",
    lambda app, info: [
        {"key": key, "value": value} for key, value in _own_private_metadata(app, info).items()
    ],
)
app_type.set_field(
    "privateMetafield", lambda app, info, key: _own_private_metadata(app, info).get(key)
)
app_type.set_field(
    "privateMetafields",
    lambda app, info, keys=None: {
        key: value
        for key, value in _own_private_metadata(app, info).items()
        if keys is None or key in keys
    },
)


def _requestor(info: GraphQLResolveInfo):
    return info.context.app or info.context.user


@app_type.field("permissions")
def resolve_app_permissions(app: App, _info):
    codenames = set(app.permissions.values_list("codename", flat=True))
    return [
        {"code": perm.value, "name": name}
        for perm, name in PERMISSION_NAMES.items()
        if perm.codename in codenames
    ]


@app_type.field("tokens")
def resolve_app_tokens(app: App, info):
    require_one_of(info, PermissionEnum.MANAGE_APPS)
    return list(app.tokens.order_by("pk"))


@app_token_type.field("id")
def resolve_token_id(token: AppToken, _info):
    return to_global_id("AppToken", token.pk)


@app_token_type.field("authToken")
def resolve_token_last_4(token: AppToken, _info):
    # Only the last four characters survive; the whole token is shown once, at creation.
    return token.token_last_4


@mutation.field("appCreate")
def resolve_app_create(_obj, info, input):
    require_one_of(info, PermissionEnum.MANAGE_APPS)
    if not info.context.is_staff_user:
        raise PermissionDenied(permissions=[AUTHENTICATED_STAFF_USER])

    def create():
        app, issued = app_services.app_create(
            requestor=_requestor(info),
            name=input.get("name"),
            identifier=input.get("identifier"),
            permissions=input.get("permissions") or [],
        )
        return {"app": app, "auth_token": issued.raw}

    return perform(create)


@mutation.field("appTokenCreate")
def resolve_app_token_create(_obj, info, input):
    require_one_of(info, PermissionEnum.MANAGE_APPS)

    def create():
        try:
            pk = from_global_id_or_error(input["app"], "App")
        except GraphQLError as exc:
            raise ValidationFailed.single("app", "GRAPHQL_ERROR", exc.message) from None
        app = App.objects.filter(pk=pk).first()
        if app is None:
            raise ValidationFailed.single(
                "app", "NOT_FOUND", f"Couldn't resolve to a node: {input['app']}"
            )
        issued = app_services.app_token_create(
            requestor=_requestor(info), app=app, name=input.get("name")
        )
        return {"app_token": issued.token, "auth_token": issued.raw}

    return perform(create)


bindables = [mutation, app_type, app_token_type]
