"""The review of a county's handbook: the county submits it, the prefecture (or the region)
approves it — which publishes its entries — or returns it with comments.

    draft ──submit──▶ submitted ──approve──▶ approved
    returned ◀──return── submitted;  returned ──submit──▶ submitted

Whoever can manage the county may submit; approving and returning need a prefecture or
region scope over the county (or a superuser). Permission failures raise Django's
PermissionDenied; refused transitions raise ValidationFailed with one FieldError each.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from catalog.handbook_outputs.schedule import handbook_outputs_schedule
from catalog.models import DivisionLevel, Handbook, HandbookStatus, StaffScope
from catalog.selectors.scopes import can_manage_division
from catalog.services.handbook_publish import handbook_publish
from infra.errors import ValidationFailed

REVIEWER_LEVELS = (DivisionLevel.PREFECTURE, DivisionLevel.REGION)
SUBMITTABLE = (HandbookStatus.DRAFT, HandbookStatus.RETURNED)


class HandbookErrorCode(StrEnum):
    INVALID = "INVALID"
    INVALID_STATUS = "INVALID_STATUS"
    REQUIRED = "REQUIRED"


def handbook_can_submit(user, handbook: Handbook) -> bool:
    return bool(getattr(user, "is_staff", False)) and can_manage_division(user, handbook.county_id)


def handbook_reviewer(user) -> bool:
    """Whether the user reviews handbooks at all: prefecture or region staff, superusers."""
    if not getattr(user, "is_staff", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    level = StaffScope.objects.filter(user=user).values_list("division__level", flat=True).first()
    return level in REVIEWER_LEVELS


def handbook_can_review(user, handbook: Handbook) -> bool:
    """Prefecture or region staff over the handbook's county, or a superuser."""
    return handbook_reviewer(user) and can_manage_division(user, handbook.county_id)


def _locked(handbook: Handbook) -> Handbook:
    return Handbook.objects.select_for_update().select_related("county").get(pk=handbook.pk)


def _status_error(handbook: Handbook, action: str, allowed: tuple[str, ...]) -> ValidationFailed:
    expected = " or ".join(allowed)
    return ValidationFailed.single(
        "status",
        HandbookErrorCode.INVALID_STATUS,
        f"Only a {expected} handbook can be {action}; this one is {handbook.status}.",
        status=handbook.status,
        action=action,
    )


@transaction.atomic
def handbook_submit(*, handbook: Handbook, user) -> Handbook:
    """Send a draft or returned handbook for review; returns the updated handbook."""
    handbook = _locked(handbook)
    if not handbook_can_submit(user, handbook):
        raise PermissionDenied("You cannot submit handbooks of this county.")
    if handbook.status not in SUBMITTABLE:
        raise _status_error(handbook, "submitted", SUBMITTABLE)
    if not handbook.entries.exists():
        raise ValidationFailed.single(
            "entries", HandbookErrorCode.REQUIRED, "The handbook has no entries."
        )
    handbook.status = HandbookStatus.SUBMITTED
    handbook.submitted_at = timezone.now()
    handbook.submitted_by = user
    handbook.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return handbook


def _check_review(handbook: Handbook, user, action: str) -> None:
    if not handbook_can_review(user, handbook):
        raise PermissionDenied("Only prefecture or region staff can review this handbook.")
    if handbook.status != HandbookStatus.SUBMITTED:
        raise _status_error(handbook, action, (HandbookStatus.SUBMITTED,))


def _record_review(handbook: Handbook, user, status: str, comment: str) -> None:
    handbook.status = status
    handbook.review_comment = comment
    handbook.reviewed_at = timezone.now()
    handbook.reviewed_by = user
    handbook.save(
        update_fields=["status", "review_comment", "reviewed_at", "reviewed_by", "updated_at"]
    )


@transaction.atomic
def handbook_approve(*, handbook: Handbook, user, comment: str = "") -> Handbook:
    """Approve a submitted handbook and publish its entries in its channels; its printable
    PDF and shop data package are made in the background once this commits.

    Publishing happens in the same transaction: if it fails nothing changes.
    """
    handbook = _locked(handbook)
    _check_review(handbook, user, "approved")
    handbook_publish(handbook=handbook)
    _record_review(handbook, user, HandbookStatus.APPROVED, (comment or "").strip())
    handbook_outputs_schedule(handbook_id=handbook.pk)
    return handbook


@transaction.atomic
def handbook_return(*, handbook: Handbook, user, comment: str) -> Handbook:
    """Send a submitted handbook back to the county with the reviewer's comments."""
    handbook = _locked(handbook)
    _check_review(handbook, user, "returned")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationFailed.single(
            "comment",
            HandbookErrorCode.REQUIRED,
            "Say what needs changing: a comment is required to return a handbook.",
        )
    _record_review(handbook, user, HandbookStatus.RETURNED, comment)
    return handbook
