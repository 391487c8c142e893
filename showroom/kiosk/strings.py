"""Every text of the kiosk's page, in its three languages at once: the page switches language
without asking the server (it may be offline), so all of them are rendered into it."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from showroom.kiosk.catalog import LANGUAGES

# The name of each language in itself, on the language buttons.
LANGUAGE_NAMES = {"zh-Hans": "中文", "bo": "བོད་ཡིག", "en": "English"}
# Django's code of each kiosk language.
DJANGO_CODES = {"zh-Hans": "zh-hans", "bo": "bo", "en": "en"}

TEXTS = {
    "title": _("Tibet Goods"),
    "welcome": _("Products of this showroom, on the shelf or delivered to your door."),
    "start": _("Start"),
    "language": _("Language"),
    "products": _("Products"),
    "cart": _("Cart"),
    "yourCart": _("Your cart"),
    "emptyCart": _("Your cart is empty."),
    "startOver": _("Start over"),
    "back": _("Back"),
    "onShelf": _("On the shelf here"),
    "delivered": _("Delivered from the county warehouse"),
    "outOfStock": _("Out of stock"),
    "option": _("Option"),
    "quantity": _("Quantity"),
    "addToCart": _("Add to cart"),
    "added": _("Added to your cart."),
    "remove": _("Remove"),
    "total": _("Total"),
    "scanProduct": _("Scan to open this product on your phone"),
    "reserve": _("Reserve for pickup here"),
    "reserveHelp": _("Pay in cash when you collect it at the counter."),
    "reserveShelfOnly": _("Only items on the shelf here can be reserved for pickup."),
    "deliver": _("Deliver to my address"),
    "continuePhone": _("Continue on my phone"),
    "deliverableOnly": _("Some items are only on the shelf here: reserve them for pickup."),
    "phone": _("Mobile phone"),
    "name": _("Your name (optional)"),
    "clear": _("Clear"),
    "placeOrder": _("Place order"),
    "reserved": _("Your reservation is placed"),
    "orderNumber": _("Order number"),
    "showCode": _("Show this code at the counter:"),
    "done": _("Done"),
    "sending": _("Sending…"),
    "queued": _(
        "The network is down. Your reservation is kept on this kiosk and sent as soon as the "
        "network returns: please wait here for your pickup code."
    ),
    "queuedCount": _("Reservations waiting for the network: %(count)s"),
    "offline": _("Offline: showing the saved catalog."),
    "loading": _("Loading…"),
    "handoff": _("Scan with your phone"),
    "handoffHelp": _(
        "Open the code with your phone's camera, then enter your address and pay on your "
        "phone. The link works for 30 minutes."
    ),
    "networkDown": _("The network is down: try again in a moment."),
    "errorStock": _("Not enough stock for an item in your cart: lower the quantity."),
    "errorPhone": _("Enter a mainland China mobile number (11 digits)."),
    "errorUnavailable": _("This item is not available."),
    "errorOther": _("Something went wrong: please ask the staff."),
    "errorDevice": _("This screen is not registered as a kiosk."),
}


def kiosk_texts() -> dict[str, dict[str, str]]:
    """{kiosk language: {key: text}} for every language of the kiosk."""
    texts = {}
    for language in LANGUAGES:
        with translation.override(DJANGO_CODES[language]):
            texts[language] = {key: str(text) for key, text in TEXTS.items()}
    return texts
