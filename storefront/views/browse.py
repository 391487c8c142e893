"""Shopper pages for browsing: home, regions, counties, categories, search and products.

Views read through storefront.selectors.pages (the catalog's selectors underneath) and render
templates; they hold no catalog logic of their own.
"""

from decimal import Decimal

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import BrandTier, Channel, Division, DivisionLevel
from catalog.selectors.categories import ancestors, category_by_slug, children
from catalog.selectors.search import search_products
from storefront.selectors import pages, tour_page
from storefront.selectors import product_page as product_page_selectors

SUGGESTIONS = 8


def _channel(request: HttpRequest) -> Channel | None:
    if not hasattr(request, "storefront_channel"):
        request.storefront_channel = pages.storefront_channel()
    return request.storefront_channel


def _paginate(request: HttpRequest, products: QuerySet) -> tuple[Page, list]:
    """One page of `products` (the `page` parameter; out of range: the last page) and its
    cards."""
    page = Paginator(products, pages.PAGE_SIZE).get_page(request.GET.get("page"))
    channel = _channel(request)
    cards = pages.product_cards(list(page.object_list), channel) if channel else []
    return page, cards


def home(request: HttpRequest) -> HttpResponse:
    channel = _channel(request)
    found = pages.home_products(channel)
    cards = {
        card.product.pk: card
        for card in pages.product_cards(found.in_season + found.newest, channel)
    }
    context = {
        "showcase": pages.showcase_brands(),
        "in_season": [cards[item.pk] for item in found.in_season],
        "newest": [cards[item.pk] for item in found.newest],
        "prefectures": pages.prefectures(),
        "categories": pages.top_categories(),
    }
    return render(request, "storefront/pages/home.html", context)


def _division_context(request: HttpRequest, place: Division) -> dict:
    products = pages.products_from(pages.listed_products(_channel(request)), place)
    page, cards = _paginate(request, pages.sort_products(products, _channel(request), "name"))
    return {
        "division": place,
        "brand": pages.division_brand(place),
        "page": page,
        "cards": cards,
    }


def prefecture(request: HttpRequest, code: str) -> HttpResponse:
    place = pages.division(code, DivisionLevel.PREFECTURE)
    if place is None:
        raise Http404
    context = _division_context(request, place)
    context["counties"] = pages.counties_of(place)
    return render(request, "storefront/pages/prefecture.html", context)


def county(request: HttpRequest, code: str) -> HttpResponse:
    place = pages.division(code, DivisionLevel.COUNTY)
    if place is None:
        raise Http404
    return render(request, "storefront/pages/county.html", _division_context(request, place))


class CategoryFilterForm(forms.Form):
    """The GET parameters of a category page; the choices are built per request, in the
    visitor's language."""

    tier = forms.ChoiceField(label=gettext_lazy("Brand"), required=False)
    county = forms.ChoiceField(label=gettext_lazy("County"), required=False)
    price_min = forms.DecimalField(
        label=gettext_lazy("Lowest price"), required=False, min_value=0, max_digits=12
    )
    price_max = forms.DecimalField(
        label=gettext_lazy("Highest price"), required=False, min_value=0, max_digits=12
    )
    month = forms.TypedChoiceField(
        label=gettext_lazy("In season in"), required=False, coerce=int, empty_value=None
    )
    in_stock = forms.BooleanField(label=gettext_lazy("In stock only"), required=False)
    sort = forms.ChoiceField(label=gettext_lazy("Sort by"), required=False)

    def __init__(self, data, *, counties: list[Division]):
        super().__init__(data)
        self.counties = {county.code: county for county in counties}
        anything = [("", _("Any"))]
        self.fields["tier"].choices = anything + list(BrandTier.choices)
        self.fields["county"].choices = anything + [(c.code, c.name) for c in counties]
        self.fields["month"].choices = anything + [
            (str(month), _("Month %(number)s") % {"number": month}) for month in range(1, 13)
        ]
        self.fields["sort"].choices = [
            ("name", _("Name")),
            ("price", _("Price, lowest first")),
            ("-price", _("Price, highest first")),
            ("newest", _("Newest first")),
        ]

    def clean(self) -> dict:
        data = super().clean()
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_max", _("The highest price must not be below the lowest."))
        return data

    def filters(self) -> pages.ProductFilters:
        """The valid filters (a field with an error is left out)."""
        data = self.cleaned_data

        def valid(name: str):
            return None if name in self.errors else data.get(name)

        price_min: Decimal | None = valid("price_min")
        price_max: Decimal | None = valid("price_max")
        return pages.ProductFilters(
            tier=valid("tier") or "",
            county=self.counties.get(valid("county") or ""),
            price_min=price_min,
            price_max=price_max,
            in_stock=bool(valid("in_stock")),
            month=valid("month"),
        )

    def sort_key(self) -> str:
        return self.cleaned_data.get("sort") or "name"


def category(request: HttpRequest, slug: str) -> HttpResponse:
    found = category_by_slug(slug)
    if found is None:
        raise Http404
    channel = _channel(request)
    trail = list(ancestors(found).order_by("level"))
    named = pages.with_category_names([found, *trail, *children(found).order_by("name")])
    current, trail, subcategories = named[0], named[1 : 1 + len(trail)], named[1 + len(trail) :]
    products = pages.category_products(pages.listed_products(channel), found)
    form = CategoryFilterForm(
        request.GET, counties=list(pages.counties_with_products(products)) if channel else []
    )
    form.is_valid()
    if channel is not None:
        filtered = pages.filter_products(products, channel, form.filters())
        products = pages.sort_products(filtered, channel, form.sort_key())
    page, cards = _paginate(request, products)
    context = {
        "category": current,
        "trail": trail,
        "subcategories": subcategories,
        "form": form,
        "page": page,
        "cards": cards,
    }
    return render(request, "storefront/pages/category.html", context)


def _found(request: HttpRequest, text: str) -> QuerySet:
    return search_products(pages.listed_products(_channel(request)), text).order_by(
        "-search_rank", "pk"
    )


def search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:200]
    page, cards = _paginate(request, _found(request, text)) if text else (None, [])
    return render(
        request, "storefront/pages/search.html", {"query": text, "page": page, "cards": cards}
    )


def search_suggestions(request: HttpRequest) -> JsonResponse:
    """[{name, url}] of up to eight products matching `q`, best first."""
    text = request.GET.get("q", "").strip()[:200]
    if not text:
        return JsonResponse([], safe=False)
    products = list(
        _found(request, text).select_related(None).only("pk", "name", "slug")[:SUGGESTIONS]
    )
    names = pages.product_names(product.pk for product in products)
    suggestions = [
        {
            "name": names.get(product.pk, product.name),
            "url": reverse("storefront:product", args=[product.slug]),
        }
        for product in products
    ]
    return JsonResponse(suggestions, safe=False)


def product(request: HttpRequest, slug: str) -> HttpResponse:
    channel = _channel(request)
    page = product_page_selectors.product_page(channel, slug)
    if page is None:
        raise Http404
    tour = tour_page.tour_details(page.product, channel, page.offers) if page.is_tour else None
    return render(request, "storefront/pages/product.html", {"page": page, "tour": tour})
