"""The review services' refusals, in the admin user's language.

The services speak English, as the API does (infra.errors.FieldError); the admin shows each
refusal it knows in the user's language and falls back to the service's message.
"""

from django.utils.translation import gettext as _

from catalog.models import HandbookStatus
from infra.errors import FieldError, ValidationFailed


def _status_label(status: str | None) -> str:
    try:
        return str(HandbookStatus(status).label)
    except ValueError:
        return status or ""


def review_error_text(error: FieldError) -> str:
    extra = error.extra or {}
    key = (error.field, error.code)
    if key == ("status", "INVALID_STATUS"):
        status = _status_label(extra.get("status"))
        templates = {
            "submitted": _(
                "Only a draft or returned handbook can be submitted; this one is “%(status)s”."
            ),
            "approved": _("Only a submitted handbook can be approved; this one is “%(status)s”."),
            "returned": _("Only a submitted handbook can be returned; this one is “%(status)s”."),
        }
        template = templates.get(extra.get("action"))
        return template % {"status": status} if template else error.message
    if key == ("entries", "REQUIRED"):
        return _("The handbook has no entries.")
    if key == ("entries", "INVALID") and "rows" in extra:
        rows = ", ".join(str(row) for row in extra["rows"] if row is not None)
        return _("These entries have no price: rows %(rows)s.") % {"rows": rows or "?"}
    if key == ("comment", "REQUIRED"):
        return _("A comment is required to return a handbook: say what needs changing.")
    if key == ("channels", "REQUIRED"):
        return _("Choose at least one channel to publish the handbook in.")
    if key == ("channels", "INVALID") and "channels" in extra:
        return _(
            "Handbook prices are in yuan (CNY); these channels sell in another currency: "
            "%(channels)s."
        ) % {"channels": ", ".join(extra["channels"])}
    return error.message


def review_errors_text(failure: ValidationFailed) -> list[str]:
    return [review_error_text(error) for error in failure.errors]
