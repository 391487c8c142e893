"""Every *Translation type (categories, collections, products, variants, attributes, values),
`translation(languageCode)` lookups, and the categoryTranslate / collectionTranslate mutations.

Translations are kept in the languages we serve (zh-hans, bo, en); a LanguageCodeEnum value
falls back to its base language (EN_US reads `en`), and one we do not keep reads as null.
"""

from typing import Any

from ariadne import MutationType, ObjectType
from django.conf import settings
from django.utils import translation
from graphql import GraphQLError

from catalog.error_codes import TranslationErrorCode
from catalog.models import Category, Collection
from catalog.services import taxonomy_translations
from infra.accounts.permissions import PermissionEnum
from infra.errors import ValidationFailed
from infra.graphql.channel_context import ChannelContext, unwrap
from infra.graphql.languages import language_enum_name, supported_language
from infra.graphql.mutations import perform
from infra.graphql.permissions import require_one_of
from infra.ids import from_global_id, to_global_id

mutation = MutationType()
TRANSLATION_TYPES = [
    ObjectType(name)
    for name in (
        "AttributeTranslation",
        "AttributeValueTranslation",
        "CategoryTranslation",
        "CollectionTranslation",
        "ProductTranslation",
        "ProductVariantTranslation",
    )
]


def language_display(code: str) -> dict[str, str]:
    """Saleor's LanguageDisplay for a stored language code: its English name, as Saleor's
    LANGUAGES give it."""
    with translation.override("en"):
        name = str(dict(settings.LANGUAGES).get(code, code))
    return {"code": language_enum_name(code), "language": name}


def resolve_language(row, _info):
    return language_display(row.language_code)


for translation_type in TRANSLATION_TYPES:
    translation_type.set_field("language", resolve_language)


def translation_of(instance: Any, language_code: str) -> Any:
    """The instance's translation into a LanguageCodeEnum value, or None.

    Reads prefetched `translations` when the list resolver prefetched them (no query).
    """
    instance = unwrap(instance)
    code = supported_language(language_code)
    if code is None:
        return None
    if "translations" in getattr(instance, "_prefetched_objects_cache", {}):
        return next((t for t in instance.translations.all() if t.language_code == code), None)
    return instance.translations.filter(language_code=code).first()


# --- mutations --------------------------------------------------------------------------------


def _translatable(global_id: str, model, type_name: str):
    """Saleor accepts the object's ID or its TranslatableContent ID."""
    try:
        found_type, pk = from_global_id(global_id)
    except GraphQLError:
        raise ValidationFailed.single(
            "id", TranslationErrorCode.INVALID, "Invalid ID has been provided."
        ) from None
    if found_type == f"{type_name}TranslatableContent":
        found_type = type_name
    if found_type != type_name:
        raise ValidationFailed.single(
            "id",
            TranslationErrorCode.GRAPHQL_ERROR,
            f"Invalid ID: {global_id}. Expected: {type_name}, received: {found_type}.",
        )
    instance = model.objects.filter(pk=int(pk)).first() if pk.isdigit() else None
    if instance is None:
        raise ValidationFailed.single(
            "id",
            TranslationErrorCode.NOT_FOUND,
            f"Couldn't resolve to a node: {to_global_id(type_name, pk)}",
        )
    return instance


def _fields(input: dict, language_code: str) -> tuple[str, dict]:
    code = supported_language(language_code)
    if code is None:
        supported = ", ".join(language_enum_name(lang) for lang, _name in settings.LANGUAGES)
        raise ValidationFailed.single(
            "languageCode",
            TranslationErrorCode.INVALID,
            f"Translations into {language_code} are not kept; use one of: {supported}.",
        )
    if input.get("slug"):
        raise ValidationFailed.single(
            "slug", TranslationErrorCode.INVALID, "Translated slugs are not supported."
        )
    return code, {key: value for key, value in input.items() if key != "slug"}


@mutation.field("categoryTranslate")
def resolve_category_translate(_obj, info, id, input, language_code):
    require_one_of(info, PermissionEnum.MANAGE_TRANSLATIONS)

    def translate():
        category = _translatable(id, Category, "Category")
        code, fields = _fields(input, language_code)
        taxonomy_translations.category_translate(
            category=category, language_code=code, fields=fields
        )
        return {"category": category}

    return perform(translate)


@mutation.field("collectionTranslate")
def resolve_collection_translate(_obj, info, id, input, language_code):
    require_one_of(info, PermissionEnum.MANAGE_TRANSLATIONS)

    def translate():
        collection = _translatable(id, Collection, "Collection")
        code, fields = _fields(input, language_code)
        taxonomy_translations.collection_translate(
            collection=collection, language_code=code, fields=fields
        )
        return {"collection": ChannelContext(node=collection, channel_slug=None)}

    return perform(translate)


bindables = [mutation, *TRANSLATION_TYPES]
