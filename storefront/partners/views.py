"""The download of a statement file through a signed link (downloads.py): the link is the
credential, handed out by the API to the partner's app or staff; a forged, expired or stale
link is a 404."""

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from storefront.partners.downloads import BadLink, statement_file_from_token
from storefront.partners.files import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE

CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}


@require_GET
def statement_download(request: HttpRequest, token: str) -> FileResponse:
    try:
        statement, fmt = statement_file_from_token(token)
    except BadLink:
        raise Http404 from None
    file = statement.csv_file if fmt == "csv" else statement.xlsx_file
    name = f"{statement.partner.channel.slug}-{statement.period:%Y-%m}.{fmt}"
    response = FileResponse(
        file.storage.open(file.name, "rb"),
        as_attachment=True,
        filename=name,
        content_type=CONTENT_TYPES[fmt],
    )
    response["Cache-Control"] = "private, no-store"
    return response
