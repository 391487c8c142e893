"""Forms of the shopper pages (cart, checkout, account), and the shopper's wording of the
errors the services raise.

The forms only collect input: the rules (address formats, stock, limits, payments) live in the
services the GraphQL API calls too, and their `FieldError`s are put next to the field they
name, in the shopper's language.
"""

from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from infra.errors import FieldError, ValidationFailed

# The services name fields as the API spells them.
FORM_FIELDS = {
    "firstName": "first_name",
    "lastName": "last_name",
    "streetAddress1": "street_address_1",
    "streetAddress2": "street_address_1",
    "city": "city",
    "cityArea": "city_area",
    "countryArea": "country_area",
    "postalCode": "postal_code",
    "phone": "phone",
    "email": "email",
    "password": "password",
    "quantity": "quantity",
    "variantId": "variant",
}
OUT_OF_STOCK = {"INSUFFICIENT_STOCK"}
NOT_SOLD = {
    "PRODUCT_UNAVAILABLE_FOR_PURCHASE",
    "UNAVAILABLE_VARIANT_IN_CHANNEL",
    "PRODUCT_NOT_PUBLISHED",
}
DELIVERY_CODES = {
    "SHIPPING_METHOD_NOT_SET",
    "INVALID_SHIPPING_METHOD",
    "DELIVERY_METHOD_NOT_APPLICABLE",
    "SHIPPING_METHOD_NOT_APPLICABLE",
}
PASSWORD_CODES = {
    "PASSWORD_TOO_SHORT",
    "PASSWORD_TOO_COMMON",
    "PASSWORD_ENTIRELY_NUMERIC",
    "PASSWORD_TOO_SIMILAR",
    "INVALID_PASSWORD",
}


def _products(error: FieldError, names: Mapping[str, str]) -> str:
    """The names of the products an error's `variants` list, as the page shows them."""
    found = [names[v] for v in error.extra.get("variants", ()) if v in names]
    return "、".join(found)


def _field_text(error: FieldError) -> str | None:
    field, code = error.field, error.code
    if code == "REQUIRED":
        return gettext("This field is required.")
    if code != "INVALID":
        return None
    return {
        "postalCode": gettext("Enter the six-digit postal code."),
        "phone": gettext(
            "Enter a mainland China mobile number (11 digits) or a landline number with its "
            "area code."
        ),
        "cityArea": gettext("This district or county is not in the city given."),
        "email": gettext("Enter a valid email address."),
        "country": gettext("We deliver only within China."),
    }.get(field)


def error_text(error: FieldError, names: Mapping[str, str] | None = None) -> str:
    """What to tell the shopper about one service error; `names` maps variant global IDs to
    product names for errors about lines."""
    names = names or {}
    code = error.code
    if code in PASSWORD_CODES:
        # Django's password validators word these in the active language already.
        return error.message
    products = _products(error, names)
    if code in OUT_OF_STOCK:
        if products:
            return gettext("Not enough stock of %(products)s: lower the quantity or remove it.") % {
                "products": products
            }
        return gettext("Not enough stock for an item in your cart: lower the quantity.")
    if code in NOT_SOLD:
        if products:
            return gettext("%(products)s can no longer be bought: remove it from your cart.") % {
                "products": products
            }
        return gettext("This product can no longer be bought.")
    simple = {
        "ZERO_QUANTITY": gettext("Enter a quantity of at least 1."),
        "QUANTITY_GREATER_THAN_LIMIT": gettext("You cannot buy more of this item."),
        "SHIPPING_ADDRESS_NOT_SET": gettext("Enter the delivery address."),
        "BILLING_ADDRESS_NOT_SET": gettext("Enter the billing address."),
        "EMAIL_NOT_SET": gettext("Enter your email address."),
        "NO_LINES": gettext("Your cart is empty."),
        "CHANNEL_INACTIVE": gettext("The shop is not taking orders at the moment."),
        "SHIPPING_NOT_REQUIRED": gettext("Nothing in your cart needs delivery."),
        "SHIPPING_CHANGE_FORBIDDEN": gettext(
            "The address of a pickup order is the pickup point's: choose delivery to change it."
        ),
        "CHECKOUT_NOT_FULLY_PAID": gettext(
            "The payment did not go through, so the order was not placed."
        ),
    }
    if code in simple:
        return simple[code]
    if code in DELIVERY_CODES:
        return gettext("This delivery method is not available for your order: choose another.")
    if error.field == "variantId" or error.field == "lineId":
        return gettext("This item is not available.")
    if error.field == "paymentGateway":
        return gettext("This payment method is not available for your order.")
    field_text = _field_text(error)
    if field_text:
        return field_text
    return gettext("This could not be done: %(reason)s") % {"reason": error.message}


def failure_messages(failure: ValidationFailed, names: Mapping[str, str] | None = None) -> list:
    """Each error of `failure` worded for the shopper, duplicates dropped."""
    return list(dict.fromkeys(error_text(error, names) for error in failure.errors))


def add_failure(
    form: forms.Form, failure: ValidationFailed, names: Mapping[str, str] | None = None
) -> None:
    """Show each error next to the form field it names, the others at the top of the form."""
    for error in failure.errors:
        field = FORM_FIELDS.get(error.field or "")
        if field not in form.fields:
            field = None
        text = error_text(error, names)
        if text not in form.errors.get(field or "__all__", ()):
            form.add_error(field, text)


class ShopForm(forms.Form):
    """Labels without Django's trailing colon (the pages set labels above their fields)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


# --- cart --------------------------------------------------------------------------------------


class CartAddForm(ShopForm):
    # Quantities are checked by the checkout services (positive, limits, stock).
    variant = forms.IntegerField()
    quantity = forms.IntegerField(initial=1)


class CartLineForm(ShopForm):
    quantity = forms.IntegerField(label=_("Quantity"))


# --- addresses ---------------------------------------------------------------------------------


def _address_field(label, max_length: int, autocomplete: str, **attrs) -> forms.CharField:
    """A field the browser requires but the form leaves to the address service to check, so
    that its errors (naming the field) are the API's."""
    widget = forms.TextInput(attrs={"autocomplete": autocomplete, "required": True, **attrs})
    return forms.CharField(label=label, max_length=max_length, required=False, widget=widget)


class AddressForm(ShopForm):
    """A Chinese address, largest unit first (省 市 区/县 街道 邮编), then the recipient.

    Formats are checked by the address service; this form only gathers the fields.
    """

    country = forms.CharField(initial="CN", widget=forms.HiddenInput, required=False)
    country_area = _address_field(_("Province / autonomous region"), 128, "address-level1")
    city = _address_field(_("City"), 256, "address-level2")
    city_area = _address_field(_("District / county"), 128, "address-level3")
    street_address_1 = _address_field(_("Street address"), 256, "address-line1")
    postal_code = _address_field(_("Postal code"), 20, "postal-code", inputmode="numeric")
    # Many Tibetan names have no family name: the whole name then goes in first_name.
    last_name = forms.CharField(
        label=_("Recipient's family name (if any)"),
        max_length=256,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    first_name = forms.CharField(
        label=_("Recipient's name"),
        max_length=256,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )

    def address_fields(self) -> list:
        """The visible address fields, in the order they are written."""
        return [self[name] for name in self.fields if name in ADDRESS_FIELDS]

    def address_data(self) -> dict:
        """The cleaned fields as the address services take them (snake_case AddressInput)."""
        data = {name: self.cleaned_data.get(name) or "" for name in ADDRESS_FIELDS}
        data["country"] = "CN"
        return data


ADDRESS_FIELDS = (
    "first_name",
    "last_name",
    "street_address_1",
    "city",
    "city_area",
    "postal_code",
    "country_area",
    "phone",
)


def address_input(address) -> dict:
    """A saved Address as the address services take it."""
    data = {name: getattr(address, name) or "" for name in ADDRESS_FIELDS}
    data["country"] = address.country
    return data


def address_initial(address) -> dict:
    """Initial form values from a saved Address (None gives none)."""
    if address is None:
        return {}
    values = {name: getattr(address, name) for name in ADDRESS_FIELDS}
    phone = values["phone"] or ""
    values["phone"] = phone.removeprefix("+86")
    return values


class CheckoutAddressForm(AddressForm):
    """The shipping address, the guest's e-mail and whether billing goes to the same place."""

    email = forms.CharField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    billing_same = forms.BooleanField(
        label=_("Billing address same as delivery address"), required=False, initial=True
    )

    field_order = ["email"]

    def __init__(self, *args, needs_email: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_email:
            del self.fields["email"]


class BillingAddressForm(AddressForm):
    # Hidden while "same as delivery" is ticked, so the browser must not demand its fields.
    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("required", None)


class AddressBookForm(AddressForm):
    default_shipping = forms.BooleanField(
        label=_("Use as my default delivery address"), required=False
    )


# --- delivery and payment ---------------------------------------------------------------------


class DeliveryForm(ShopForm):
    delivery_method = forms.ChoiceField(label=_("Delivery"), widget=forms.RadioSelect)

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivery_method"].choices = choices


class PaymentForm(ShopForm):
    gateway = forms.ChoiceField(label=_("Payment method"), widget=forms.RadioSelect)
    # Only the demo gateway reads it (its declined test card is 4000000000000002).
    card = forms.CharField(
        label=_("Test card number"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gateway"].choices = choices


# --- account -----------------------------------------------------------------------------------


class LoginForm(ShopForm):
    email = forms.CharField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class RegisterForm(ShopForm):
    email = forms.CharField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    first_name = forms.CharField(
        label=_("Name"),
        max_length=256,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
