"""Downloading a declaration's PDF or CSV through a signed link from the API."""

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from storefront.border.links import KINDS, declaration_link_read
from storefront.border.models import BorderDeclaration

CONTENT_TYPES = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}


@require_GET
def declaration_download(request: HttpRequest, token: str) -> FileResponse:
    found = declaration_link_read(token)
    if found is None:
        raise Http404("This link is not valid or has expired.")
    declaration_id, kind = found
    declaration = BorderDeclaration.objects.filter(pk=declaration_id).first()
    field = getattr(declaration, KINDS[kind], None) if declaration else None
    if not field:
        raise Http404("The declaration has no such file yet.")
    response = FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=f"{declaration.number}.{kind}",
        content_type=CONTENT_TYPES[kind],
    )
    response["Cache-Control"] = "private, no-store"
    return response
