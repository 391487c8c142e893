"""Short-lived signed download links of declarations: the API hands them to the order's owner
and to staff with MANAGE_ORDERS; the download view trusts the signature and its age only."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "storefront.border.declaration-download"
KINDS = {"pdf": "pdf_file", "csv": "csv_file"}


def declaration_link(*, declaration_id: int, kind: str) -> str:
    """The path of a download link, valid for BORDER_DECLARATION_LINK_SECONDS."""
    token = signing.dumps({"d": declaration_id, "k": kind}, salt=SALT, compress=True)
    return reverse("border:declaration-download", kwargs={"token": token})


def declaration_link_read(token: str) -> tuple[int, str] | None:
    """(declaration pk, kind) of a valid, unexpired token; None otherwise."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.BORDER_DECLARATION_LINK_SECONDS)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or data.get("k") not in KINDS:
        return None
    return int(data["d"]), data["k"]
