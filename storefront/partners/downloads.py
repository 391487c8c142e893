"""Download links of statement files: signed and expiring, so the API hands them only to who
may see the statement and they cannot be made up or kept for later.

On S3 with query-string auth the storage's own presigned URL is the link; otherwise the link
points at our view (views.py), which checks the signature and streams the file from the
storage. The signature binds the statement, the format and the file's current name, so a
rebuilt statement's old links stop working.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from storefront.partners.models import SettlementStatement

SALT = "storefront.partners.statement-download"
FORMATS = {"csv": "csv_file", "xlsx": "xlsx_file"}


def link_seconds() -> int:
    return int(getattr(settings, "PARTNER_STATEMENT_LINK_SECONDS", 600))


def _file(statement: SettlementStatement, fmt: str):
    return getattr(statement, FORMATS[fmt])


def statement_download_path(statement: SettlementStatement, fmt: str) -> str | None:
    """A path (or an absolute presigned URL) to download the statement as `fmt`; None if the
    file was not written."""
    file = _file(statement, fmt)
    if not file.name:
        return None
    storage = file.storage
    if getattr(storage, "querystring_auth", False):
        return storage.url(file.name, expire=link_seconds())
    token = signing.dumps({"s": statement.pk, "f": fmt, "n": file.name}, salt=SALT, compress=True)
    return reverse("storefront:partner-statement-download", args=[token])


class BadLink(Exception):
    """The link is forged, expired or names a file the statement no longer has."""


def statement_file_from_token(token: str) -> tuple[SettlementStatement, str]:
    """(statement, format) of a download link's token; BadLink otherwise."""
    try:
        value = signing.loads(token, salt=SALT, max_age=link_seconds())
    except signing.BadSignature:
        raise BadLink from None
    fmt = value.get("f")
    statement = (
        SettlementStatement.objects.select_related("partner__channel")
        .filter(pk=value.get("s"))
        .first()
    )
    if statement is None or fmt not in FORMATS or _file(statement, fmt).name != value.get("n"):
        raise BadLink
    return statement, fmt
