"""Payment gateways behind one interface (`base.PaymentGateway`): Stripe, cash at pickup and a
dummy gateway for the demo. `registry` builds the enabled ones from settings.

Gateways only talk to the provider and describe what happened as `EventSpec`s; recording
events, amounts and statuses is the payment services' job (storefront/services/payments.py).
"""
