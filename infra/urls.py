from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from infra.graphql.view import GraphQLView
from infra.views import health
from infra.webhooks.views import jwks_view

urlpatterns = [
    path("health/", health, name="health"),
    path(".well-known/jwks.json", jwks_view, name="jwks"),
    path("graphql/", GraphQLView.as_view(), name="graphql"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("places/", include("showroom.urls")),
    path("kiosk/", include("showroom.kiosk_urls")),
    path("border/", include("storefront.border.urls")),
    path("", include("catalog.urls")),
    path("", include("storefront.urls")),
]

if settings.DEBUG and not settings.AWS_STORAGE_BUCKET_NAME:
    urlpatterns.append(
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    )
