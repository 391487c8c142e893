"""The review workflow: submit, approve (publishes), return with comments, and refusals."""

import pytest
from django.core.exceptions import PermissionDenied

from catalog.models import HandbookStatus, Product
from catalog.services.handbook_review import (
    handbook_approve,
    handbook_can_review,
    handbook_can_submit,
    handbook_return,
    handbook_submit,
)
from infra.errors import ValidationFailed
from tests.catalog.review.conftest import (
    CHENGGUAN,
    LINZHOU,
    make_entry,
    make_handbook,
    scoped_staff,
)
from tests.factories import ChannelFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def codes(failure: ValidationFailed) -> list[tuple[str | None, str]]:
    return [(error.field, error.code) for error in failure.errors]


def test_county_operator_submits_draft(county_user, channel):
    handbook = make_handbook(LINZHOU, channels=[channel])
    make_entry(handbook)

    result = handbook_submit(handbook=handbook, user=county_user)

    handbook.refresh_from_db()
    assert result.status == handbook.status == HandbookStatus.SUBMITTED
    assert handbook.submitted_by == county_user
    assert handbook.submitted_at is not None


def test_submit_refuses_empty_handbook(county_user):
    handbook = make_handbook(LINZHOU)

    with pytest.raises(ValidationFailed) as caught:
        handbook_submit(handbook=handbook, user=county_user)

    assert codes(caught.value) == [("entries", "REQUIRED")]
    handbook.refresh_from_db()
    assert handbook.status == HandbookStatus.DRAFT


@pytest.mark.parametrize("status", [HandbookStatus.SUBMITTED, HandbookStatus.APPROVED])
def test_submit_refuses_other_states(county_user, status):
    handbook = make_handbook(LINZHOU, status=status)
    make_entry(handbook)

    with pytest.raises(ValidationFailed) as caught:
        handbook_submit(handbook=handbook, user=county_user)

    assert codes(caught.value) == [("status", "INVALID_STATUS")]
    assert caught.value.errors[0].extra == {"status": status, "action": "submitted"}


def test_other_county_cannot_submit(channel):
    stranger = scoped_staff(CHENGGUAN)
    handbook = make_handbook(LINZHOU)
    make_entry(handbook)

    with pytest.raises(PermissionDenied):
        handbook_submit(handbook=handbook, user=stranger)
    assert not handbook_can_submit(stranger, handbook)


def test_county_operator_cannot_approve_or_return(county_user, channel):
    handbook = make_handbook(LINZHOU, channels=[channel], status=HandbookStatus.SUBMITTED)
    make_entry(handbook)

    assert not handbook_can_review(county_user, handbook)
    with pytest.raises(PermissionDenied):
        handbook_approve(handbook=handbook, user=county_user)
    with pytest.raises(PermissionDenied):
        handbook_return(handbook=handbook, user=county_user, comment="改")
    handbook.refresh_from_db()
    assert handbook.status == HandbookStatus.SUBMITTED
    assert not Product.objects.exists()


def test_other_prefecture_cannot_review(other_prefecture_user, channel):
    handbook = make_handbook(LINZHOU, channels=[channel], status=HandbookStatus.SUBMITTED)
    make_entry(handbook)

    with pytest.raises(PermissionDenied):
        handbook_approve(handbook=handbook, user=other_prefecture_user)


def test_staff_without_scope_cannot_do_anything(channel):
    nobody = StaffUserFactory()
    handbook = make_handbook(LINZHOU, channels=[channel])
    make_entry(handbook)

    assert not handbook_can_submit(nobody, handbook)
    with pytest.raises(PermissionDenied):
        handbook_submit(handbook=handbook, user=nobody)


def test_prefecture_approves_and_publishes(county_user, prefecture_user, channel):
    handbook = make_handbook(LINZHOU, channels=[channel])
    entry = make_entry(handbook)
    handbook_submit(handbook=handbook, user=county_user)

    handbook_approve(handbook=handbook, user=prefecture_user, comment="同意")

    handbook.refresh_from_db()
    entry.refresh_from_db()
    assert handbook.status == HandbookStatus.APPROVED
    assert handbook.reviewed_by == prefecture_user
    assert handbook.reviewed_at is not None
    assert handbook.review_comment == "同意"
    assert entry.product is not None
    assert entry.product.channel_listings.get(channel=channel).is_published


def test_region_approves_any_county(region_user, channel):
    handbook = make_handbook("540402", channels=[channel], status=HandbookStatus.SUBMITTED)
    make_entry(handbook)

    handbook_approve(handbook=handbook, user=region_user)

    handbook.refresh_from_db()
    assert handbook.status == HandbookStatus.APPROVED


@pytest.mark.parametrize(
    "status", [HandbookStatus.DRAFT, HandbookStatus.RETURNED, HandbookStatus.APPROVED]
)
def test_approve_needs_submitted(prefecture_user, channel, status):
    handbook = make_handbook(LINZHOU, channels=[channel], status=status)
    make_entry(handbook)

    with pytest.raises(ValidationFailed) as caught:
        handbook_approve(handbook=handbook, user=prefecture_user)

    assert codes(caught.value) == [("status", "INVALID_STATUS")]
    assert not Product.objects.exists()


def test_approve_refuses_unpublishable_handbook(prefecture_user):
    dollars = ChannelFactory(slug="usd-channel", currency_code="USD")
    handbook = make_handbook(LINZHOU, channels=[dollars], status=HandbookStatus.SUBMITTED)
    make_entry(handbook, price_min=None, price_max=None, row_number=7)

    with pytest.raises(ValidationFailed) as caught:
        handbook_approve(handbook=handbook, user=prefecture_user)

    assert codes(caught.value) == [("channels", "INVALID"), ("entries", "INVALID")]
    assert caught.value.errors[0].extra == {"channels": ["usd-channel"]}
    assert caught.value.errors[1].extra == {"rows": [7]}
    handbook.refresh_from_db()
    assert handbook.status == HandbookStatus.SUBMITTED
    assert not Product.objects.exists()


def test_approve_refuses_handbook_without_channels(prefecture_user):
    handbook = make_handbook(LINZHOU, status=HandbookStatus.SUBMITTED)
    make_entry(handbook)

    with pytest.raises(ValidationFailed) as caught:
        handbook_approve(handbook=handbook, user=prefecture_user)

    assert codes(caught.value) == [("channels", "REQUIRED")]


def test_return_needs_a_comment(prefecture_user, channel):
    handbook = make_handbook(LINZHOU, channels=[channel], status=HandbookStatus.SUBMITTED)
    make_entry(handbook)

    with pytest.raises(ValidationFailed) as caught:
        handbook_return(handbook=handbook, user=prefecture_user, comment="   ")

    assert codes(caught.value) == [("comment", "REQUIRED")]
    handbook.refresh_from_db()
    assert handbook.status == HandbookStatus.SUBMITTED


def test_returned_handbook_goes_back_and_can_be_resubmitted(county_user, prefecture_user, channel):
    handbook = make_handbook(LINZHOU, channels=[channel])
    make_entry(handbook)
    handbook_submit(handbook=handbook, user=county_user)

    handbook_return(handbook=handbook, user=prefecture_user, comment=" 价格偏高，请核实 ")

    handbook.refresh_from_db()
    assert handbook.status == HandbookStatus.RETURNED
    assert handbook.review_comment == "价格偏高，请核实"
    assert handbook.reviewed_by == prefecture_user
    assert not Product.objects.exists()
    with pytest.raises(ValidationFailed):
        handbook_return(handbook=handbook, user=prefecture_user, comment="again")

    handbook_submit(handbook=handbook, user=county_user)
    handbook.refresh_from_db()
    assert handbook.status == HandbookStatus.SUBMITTED


def test_approval_makes_the_printable_handbook_and_data_package(
    prefecture_user, channel, django_capture_on_commit_callbacks
):
    handbook = make_handbook(LINZHOU, channels=[channel], status=HandbookStatus.SUBMITTED)
    make_entry(handbook)

    with django_capture_on_commit_callbacks(execute=True):
        handbook_approve(handbook=handbook, user=prefecture_user)

    handbook.refresh_from_db()
    assert handbook.pdf_file.name.endswith(".pdf")
    assert handbook.package_file.name.endswith(".zip")
