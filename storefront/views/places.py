"""Shopper pages of places: a showroom's or village station's public page, with what is on
its shelf and the tours that start near it."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from storefront.selectors.pages import storefront_channel
from storefront.selectors.place_page import place_page, prefecture_of
from storefront.views.orders import warehouse_address_lines


def showroom(request: HttpRequest, slug: str) -> HttpResponse:
    page = place_page(slug, storefront_channel())
    if page is None:
        raise Http404
    context = {
        "page": page,
        "place": page.place,
        "address": warehouse_address_lines(page.place),
        "prefecture": prefecture_of(page.place),
    }
    return render(request, "storefront/pages/showroom.html", context)
