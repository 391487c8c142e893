"""Staff pages of showrooms and stations (included from infra/urls.py under /places/)."""

from django.urls import path

from showroom.views import check_in, counter, pickups, reports, stations

app_name = "showroom"

urlpatterns = [
    path("<int:place_id>/counter/", counter.counter, name="counter"),
    path("<int:place_id>/counter/sell/", counter.counter_sell, name="counter-sell"),
    path("<int:place_id>/receipts/<uuid:order_id>/", counter.receipt, name="receipt"),
    path("<int:place_id>/pickups/", pickups.pickups, name="pickups"),
    path("<int:place_id>/pickups/hand-out/", pickups.pickup_hand_out, name="pickup-hand-out"),
    path("<int:place_id>/reports/<str:report>.csv", reports.report_csv, name="report"),
    path("<int:place_id>/check-in/", check_in.check_in, name="check-in"),
    path("<int:place_id>/assisted-order/", stations.assisted_order, name="assisted-order"),
    path(
        "<int:place_id>/assisted-order/place/",
        stations.assisted_order_place,
        name="assisted-order-place",
    ),
    path(
        "<int:place_id>/assisted-order/<uuid:order_id>/",
        stations.assisted_order_slip,
        name="assisted-order-slip",
    ),
    path("<int:place_id>/intake/", stations.station_intake, name="intake"),
]
