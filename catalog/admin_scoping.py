"""Staff scopes in the admin: each staff member sees and changes only the rows of the divisions
they work for (catalog.selectors.scopes), in lists, object pages and form choices.

A staff member with a StaffScope may use the catalog's back-office pages; superusers see
everything; staff without a scope see none of them. An object outside the scope answers 403.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet

from catalog.models import Brand, Division, DivisionLevel, Producer, Product
from catalog.selectors.scopes import scoped_division_ids

_CACHE = "_catalog_scope"


def request_scope(request) -> set[int] | None:
    """The user's division pks (None: all), computed once per request."""
    if not hasattr(request, _CACHE):
        setattr(request, _CACHE, scoped_division_ids(request.user))
    return getattr(request, _CACHE)


def is_catalog_staff(request) -> bool:
    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    scope = request_scope(request)
    return scope is None or bool(scope)


def scope_filter(request, *fields: str) -> Q:
    """Rows whose division (any of the `fields` paths) is in the user's scope."""
    scope = request_scope(request)
    if scope is None:
        return Q()
    condition = Q(pk__in=[])
    for field in fields:
        condition |= Q(**{f"{field}__in": scope})
    return condition


def division_id_of(obj: Model, path: str) -> int | None:
    """Follow `path` ("handbook__county") from obj to a division pk."""
    *relations, last = path.split("__")
    for name in relations:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def ancestors_of(division_ids: set[int]) -> set[int]:
    found: set[int] = set()
    frontier = set(division_ids)
    while frontier:
        parents = set(
            Division.objects.filter(pk__in=frontier, parent__isnull=False).values_list(
                "parent_id", flat=True
            )
        )
        frontier = parents - found
        found |= frontier
    return found


def usable_brands(request) -> QuerySet[Brand]:
    """Brands of the scope, and the public brands of the divisions above it."""
    scope = request_scope(request)
    if scope is None:
        return Brand.objects.all()
    return Brand.objects.filter(
        Q(owner_division__in=scope | ancestors_of(scope)) | Q(owner_producer__county__in=scope)
    )


class ScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose rows belong to the divisions at `scope_fields` (Division paths)."""

    scope_fields: tuple[str, ...] = ()

    def get_queryset(self, request):
        return super().get_queryset(request).filter(scope_filter(request, *self.scope_fields))

    def in_scope(self, request, obj: Model) -> bool:
        scope = request_scope(request)
        if scope is None:
            return True
        return any(division_id_of(obj, path) in scope for path in self.scope_fields)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            field = self.model._meta.get_field(from_field) if from_field else self.model._meta.pk
            try:
                exists = self.model._default_manager.filter(
                    **{field.name: field.to_python(object_id)}
                ).exists()
            except (ValidationError, ValueError):
                exists = False
            if exists:
                raise PermissionDenied
        return obj

    def has_module_permission(self, request):
        return is_catalog_staff(request)

    def has_view_permission(self, request, obj=None):
        return is_catalog_staff(request) and (obj is None or self.in_scope(request, obj))

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return is_catalog_staff(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = self.scoped_choices(request, db_field)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        queryset = self.scoped_choices(request, db_field)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def scoped_choices(self, request, db_field) -> QuerySet | None:
        """The choices a related field offers: only what the user's scope holds."""
        model = db_field.related_model
        if model is Division:
            divisions = Division.objects.filter(scope_filter(request, "pk"))
            if db_field.name == "county":
                divisions = divisions.filter(level=DivisionLevel.COUNTY)
            return divisions
        if model is Producer:
            return Producer.objects.filter(scope_filter(request, "county")).select_related("county")
        if model is Brand:
            return usable_brands(request)
        if model is Product:
            return Product.objects.filter(scope_filter(request, "origin", "producer__county"))
        return None
