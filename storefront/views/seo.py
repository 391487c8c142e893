"""What search engines read: /sitemap.xml and /robots.txt."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import escape

from storefront.selectors import pages

DISALLOWED = ("/cart/", "/checkout/", "/account/", "/admin/", "/graphql/")


def sitemap(request: HttpRequest) -> HttpResponse:
    """Home, prefectures, counties, categories and listed products, as absolute URLs on
    settings.STOREFRONT_URL."""
    root = settings.STOREFRONT_URL.rstrip("/")
    entries = []
    for path, modified in pages.sitemap_paths(pages.storefront_channel()):
        lastmod = f"<lastmod>{modified.date().isoformat()}</lastmod>" if modified else ""
        entries.append(f"<url><loc>{escape(root + path)}</loc>{lastmod}</url>")
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(entries)
        + "\n</urlset>\n"
    )
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


def robots(request: HttpRequest) -> HttpResponse:
    root = settings.STOREFRONT_URL.rstrip("/")
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in DISALLOWED]
    lines.append(f"Sitemap: {root}{reverse('storefront:sitemap')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
