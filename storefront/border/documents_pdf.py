"""The declaration as an A4 PDF, rendered from HTML and CSS with WeasyPrint in Chinese, set in
the fonts the handbooks use (Noto Sans CJK SC, Tibetan Machine Uni). The document loads no
URL: the fetcher refuses every one."""

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from storefront.border.documents import DeclarationSheet, rate_text

PDF_LANGUAGE = "zh-hans"
TEMPLATE = "border/declaration.html"


class _NoFetching(URLFetcher):
    def __init__(self) -> None:
        super().__init__(allowed_protocols=())

    def fetch(self, url, headers=None):
        raise ValueError(f"Declarations load no URL ({url})")


def declaration_pdf(sheet: DeclarationSheet) -> bytes:
    context = {"sheet": sheet, "fx_rate": rate_text(sheet.fx_rate)}
    with translation.override(PDF_LANGUAGE):
        html = render_to_string(TEMPLATE, context)
    return HTML(string=html, url_fetcher=_NoFetching()).write_pdf()
