"""The showroom kiosk's endpoints (included from infra/urls.py under /kiosk/)."""

from django.urls import path

from showroom.kiosk import views

app_name = "kiosk"

urlpatterns = [
    path("", views.home, name="home"),
    path("activate/", views.activate, name="activate"),
    path("catalog.json", views.catalog, name="catalog"),
    path("qr.svg", views.qr, name="qr"),
    path("orders/", views.orders, name="orders"),
    path("handoff/", views.handoff, name="handoff"),
]
