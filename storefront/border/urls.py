"""Border trade URLs, mounted under /border/ (infra/urls.py)."""

from django.urls import path

from storefront.border.views import declaration_download

app_name = "border"

urlpatterns = [
    path("declarations/<str:token>/", declaration_download, name="declaration-download"),
]
