"""Celery tasks of the storefront: they take primary keys and call one service."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import DatabaseError
from django.utils import translation
from django.utils.translation import gettext as _

from infra.accounts.models import User
from infra.celery import retrying
from storefront.partners.services import statements_issue_previous_month
from storefront.services.accounts import password_reset_url
from storefront.services.checkout_paid import paid_checkout_complete
from storefront.services.orders_email import fulfillment_email_send, order_confirmation_send

RETRY = retrying(DatabaseError, OSError)


@shared_task(acks_late=True, ignore_result=True, **RETRY)
def send_password_reset_email_task(
    user_id: int, redirect_url: str, channel: str | None = None
) -> None:
    """E-mail the user a password reset link; a vanished or inactive user gets nothing."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    with translation.override(user.language_code):
        link = password_reset_url(user, redirect_url)
        send_mail(
            subject=_("Reset your password"),
            message=_("Open this link to choose a new password: %(link)s") % {"link": link},
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )


@shared_task(acks_late=True, ignore_result=True, **RETRY)
def send_order_confirmation_email_task(order_id: str) -> None:
    """E-mail the customer the order confirmation, in the order's language, once."""
    order_confirmation_send(order_id=order_id)


@shared_task(acks_late=True, ignore_result=True, **RETRY)
def send_fulfillment_email_task(fulfillment_id: int, email_type: str) -> None:
    """E-mail the customer that a fulfilment shipped, or that its tracking number changed."""
    fulfillment_email_send(fulfillment_id=fulfillment_id, email_type=email_type)


@shared_task(acks_late=True, ignore_result=True, **RETRY)
def complete_paid_checkout_task(checkout_id: str) -> None:
    """Place the order of a checkout its payment provider reports paid (no-op once placed)."""
    paid_checkout_complete(checkout_id=checkout_id)


@shared_task(acks_late=True, ignore_result=True, **RETRY)
def issue_partner_statements_task() -> None:
    """Issue last month's settlement statement of every partner channel (beat, on the 1st);
    statements already issued are left as they are, so a rerun changes nothing."""
    statements_issue_previous_month()
