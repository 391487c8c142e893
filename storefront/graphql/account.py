"""Customer accounts: accountRegister, accountAddressCreate, requestPasswordReset, setPassword,
and the address book fields of User (addresses, defaultShipping/BillingAddress)."""

from ariadne import MutationType, ObjectType
from graphql import GraphQLResolveInfo

from infra.accounts.jwt import create_access_token, create_refresh_token
from infra.graphql.errors import PermissionDenied
from infra.graphql.languages import django_language
from infra.graphql.mutations import MutationPayload, perform
from infra.graphql.permissions import AUTHENTICATED_USER, require_one_of
from storefront.selectors import accounts as account_selectors
from storefront.services import accounts as account_services

mutation = MutationType()
user_type = ObjectType("User")


def _profile(user, info: GraphQLResolveInfo):
    # One query per user per request, whichever of the three fields are asked for.
    cache = info.context.cache.setdefault("storefront.customer_profiles", {})
    if user.pk not in cache:
        cache[user.pk] = account_selectors.customer_profile(user)
    return cache[user.pk]


@user_type.field("addresses")
def resolve_addresses(user, _info):
    if user.pk is None:
        return []
    return account_selectors.customer_addresses(user)


@user_type.field("defaultShippingAddress")
def resolve_default_shipping_address(user, info):
    profile = _profile(user, info) if user.pk else None
    return profile.default_shipping_address if profile else None


@user_type.field("defaultBillingAddress")
def resolve_default_billing_address(user, info):
    profile = _profile(user, info) if user.pk else None
    return profile.default_billing_address if profile else None


@mutation.field("accountRegister")
def resolve_account_register(_obj, _info, input) -> MutationPayload:
    language = input.get("language_code")
    return perform(
        lambda: {
            "user": account_services.account_register(
                email=input["email"],
                password=input["password"],
                first_name=input.get("first_name") or "",
                last_name=input.get("last_name") or "",
                language_code=django_language(language) if language else "zh-hans",
                redirect_url=input.get("redirect_url"),
            ),
            "requires_confirmation": False,
        }
    )


@mutation.field("accountAddressCreate")
def resolve_account_address_create(_obj, info, input, type=None, customer_id=None):
    require_one_of(info, AUTHENTICATED_USER)
    if customer_id is not None:
        # Saleor keeps customerId for apps impersonating users; we have no impersonation.
        raise PermissionDenied()
    user = info.context.user

    def create() -> dict:
        address = account_services.account_address_create(user=user, data=input, address_type=type)
        return {"address": address, "user": user}

    return perform(create)


@mutation.field("requestPasswordReset")
def resolve_request_password_reset(_obj, _info, email, redirect_url, channel=None):
    return perform(
        lambda: (
            account_services.password_reset_request(
                email=email, redirect_url=redirect_url, channel=channel
            )
            or {}
        )
    )


@mutation.field("setPassword")
def resolve_set_password(_obj, _info, email, password, token):
    def set_password() -> dict:
        user = account_services.password_set(email=email, token=token, password=password)
        return {
            "user": user,
            "token": create_access_token(user),
            "refresh_token": create_refresh_token(user),
            "csrf_token": None,
        }

    return perform(set_password)


bindables = [mutation, user_type]
