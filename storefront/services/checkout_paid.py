"""Placing the order of a checkout the payment provider reports fully paid, when the shopper
never came back to complete it (a redirect payment such as Alipay or WeChat Pay, a closed
tab): Saleor's "automatically complete fully paid checkouts". Money taken without an order
would otherwise wait for someone to notice.
"""

import logging

from django.conf import settings
from django.db import transaction

from infra.errors import ValidationFailed
from storefront.models import Checkout, CheckoutAuthorizeStatus, CheckoutChargeStatus, Order

logger = logging.getLogger(__name__)


def paid_checkout_completion_schedule(*, checkout_id) -> None:
    """After commit, complete the checkout in the background if it is still open and paid."""
    if not settings.AUTOMATICALLY_COMPLETE_FULLY_PAID_CHECKOUTS:
        return
    from storefront.tasks import complete_paid_checkout_task

    transaction.on_commit(lambda: complete_paid_checkout_task.delay(str(checkout_id)), robust=True)


def paid_checkout_complete(*, checkout_id) -> Order | None:
    """Complete the checkout if it is open and covered by its payments; refusals (stock gone,
    missing address) are logged for staff, and the payment stays recorded on the checkout."""
    from storefront.services.checkout_complete import checkout_complete

    checkout = Checkout.objects.filter(pk=checkout_id).select_related("user").first()
    paid = (CheckoutChargeStatus.FULL, CheckoutChargeStatus.OVERCHARGED)
    if checkout is None or (
        checkout.charge_status not in paid
        and checkout.authorize_status != CheckoutAuthorizeStatus.FULL
    ):
        return None
    try:
        return checkout_complete(checkout=checkout, user=checkout.user)
    except ValidationFailed as failure:
        logger.warning("Paid checkout %s could not be completed: %s", checkout_id, failure)
        return None
