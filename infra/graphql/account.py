"""User type, `me`, and the JWT mutations (tokenCreate, tokenRefresh, tokenVerify)."""

from ariadne import MutationType, ObjectType, QueryType
from graphql import GraphQLResolveInfo

from infra.accounts import services
from infra.accounts.permissions import PERMISSION_NAMES, PermissionEnum
from infra.errors import ValidationFailed
from infra.graphql.errors import error_items
from infra.graphql.languages import language_enum_name
from infra.graphql.metadata import bind_metadata
from infra.graphql.permissions import require_one_of

query = QueryType()
mutation = MutationType()
user_type = ObjectType("User")
bind_metadata(user_type, lambda _user: [PermissionEnum.MANAGE_USERS, PermissionEnum.MANAGE_STAFF])


@query.field("me")
def resolve_me(_obj, info: GraphQLResolveInfo):
    user = info.context.user
    return user if user.is_authenticated else None


@user_type.field("languageCode")
def resolve_user_language(user, _info):
    return language_enum_name(user.language_code)


@user_type.field("note")
def resolve_user_note(user, info):
    require_one_of(info, PermissionEnum.MANAGE_USERS, PermissionEnum.MANAGE_STAFF)
    return user.note


@user_type.field("userPermissions")
def resolve_user_permissions(user, _info):
    return [
        {"code": perm.value, "name": name}
        for perm, name in PERMISSION_NAMES.items()
        if user.is_active and user.has_perm(perm.perm)
    ]


def _account_errors(failure: ValidationFailed) -> dict:
    items = error_items(failure.errors)
    return {"errors": items, "account_errors": items}


@mutation.field("tokenCreate")
def resolve_token_create(_obj, _info, email, password, audience=None):
    try:
        issued = services.token_create(email=email, password=password)
    except ValidationFailed as failure:
        return _account_errors(failure)
    return {
        "token": issued.token,
        "refresh_token": issued.refresh_token,
        "csrf_token": None,
        "user": issued.user,
        "errors": [],
        "account_errors": [],
    }


@mutation.field("tokenRefresh")
def resolve_token_refresh(_obj, _info, refresh_token=None, csrf_token=None):
    try:
        user, token = services.token_refresh(refresh_token=refresh_token)
    except ValidationFailed as failure:
        return _account_errors(failure)
    return {"token": token, "user": user, "errors": [], "account_errors": []}


@mutation.field("tokenVerify")
def resolve_token_verify(_obj, _info, token):
    try:
        user, payload = services.token_verify(token=token)
    except ValidationFailed as failure:
        return {"is_valid": False, "user": None, "payload": None, **_account_errors(failure)}
    return {"is_valid": True, "user": user, "payload": payload, "errors": [], "account_errors": []}


bindables = [query, mutation, user_type]
