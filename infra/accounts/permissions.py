"""Saleor's PermissionEnum, stored as Django permissions on the accounts app.

Staff users get them through groups or directly; apps through App.permissions. Everything
checks permissions through `has_permission` or `PermissionEnum` values, never codename strings.
"""

from enum import StrEnum


class PermissionEnum(StrEnum):
    MANAGE_USERS = "MANAGE_USERS"
    MANAGE_STAFF = "MANAGE_STAFF"
    IMPERSONATE_USER = "IMPERSONATE_USER"
    MANAGE_APPS = "MANAGE_APPS"
    MANAGE_CHECKOUTS = "MANAGE_CHECKOUTS"
    HANDLE_CHECKOUTS = "HANDLE_CHECKOUTS"
    HANDLE_TAXES = "HANDLE_TAXES"
    MANAGE_TAXES = "MANAGE_TAXES"
    MANAGE_CHANNELS = "MANAGE_CHANNELS"
    MANAGE_CUSTOMER_TYPES_AND_ATTRIBUTES = "MANAGE_CUSTOMER_TYPES_AND_ATTRIBUTES"
    MANAGE_DISCOUNTS = "MANAGE_DISCOUNTS"
    MANAGE_GIFT_CARD = "MANAGE_GIFT_CARD"
    MANAGE_MENUS = "MANAGE_MENUS"
    MANAGE_ORDERS = "MANAGE_ORDERS"
    MANAGE_ORDERS_IMPORT = "MANAGE_ORDERS_IMPORT"
    MANAGE_PAGES = "MANAGE_PAGES"
    MANAGE_PAGE_TYPES_AND_ATTRIBUTES = "MANAGE_PAGE_TYPES_AND_ATTRIBUTES"
    HANDLE_PAYMENTS = "HANDLE_PAYMENTS"
    MANAGE_PLUGINS = "MANAGE_PLUGINS"
    MANAGE_PRODUCTS = "MANAGE_PRODUCTS"
    MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES = "MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES"
    MANAGE_SHIPPING = "MANAGE_SHIPPING"
    MANAGE_SETTINGS = "MANAGE_SETTINGS"
    MANAGE_TRANSLATIONS = "MANAGE_TRANSLATIONS"

    @property
    def codename(self) -> str:
        return self.value.lower()

    @property
    def perm(self) -> str:
        """The `app_label.codename` string Django's permission checks take."""
        return f"accounts.{self.codename}"


PERMISSION_NAMES: dict[PermissionEnum, str] = {
    PermissionEnum.MANAGE_USERS: "Manage customers.",
    PermissionEnum.MANAGE_STAFF: "Manage staff.",
    PermissionEnum.IMPERSONATE_USER: "Impersonate user.",
    PermissionEnum.MANAGE_APPS: "Manage apps",
    PermissionEnum.MANAGE_CHECKOUTS: "Manage checkouts",
    PermissionEnum.HANDLE_CHECKOUTS: "Handle checkouts",
    PermissionEnum.HANDLE_TAXES: "Handle taxes",
    PermissionEnum.MANAGE_TAXES: "Manage taxes",
    PermissionEnum.MANAGE_CHANNELS: "Manage channels.",
    PermissionEnum.MANAGE_CUSTOMER_TYPES_AND_ATTRIBUTES: "Manage customer types and attributes.",
    PermissionEnum.MANAGE_DISCOUNTS: "Manage sales and vouchers.",
    PermissionEnum.MANAGE_GIFT_CARD: "Manage gift cards.",
    PermissionEnum.MANAGE_MENUS: "Manage navigation.",
    PermissionEnum.MANAGE_ORDERS: "Manage orders.",
    PermissionEnum.MANAGE_ORDERS_IMPORT: "Manage orders import.",
    PermissionEnum.MANAGE_PAGES: "Manage pages.",
    PermissionEnum.MANAGE_PAGE_TYPES_AND_ATTRIBUTES: "Manage page types and attributes.",
    PermissionEnum.HANDLE_PAYMENTS: "Handle payments",
    PermissionEnum.MANAGE_PLUGINS: "Manage plugins",
    PermissionEnum.MANAGE_PRODUCTS: "Manage products.",
    PermissionEnum.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES: "Manage product types and attributes.",
    PermissionEnum.MANAGE_SHIPPING: "Manage shipping.",
    PermissionEnum.MANAGE_SETTINGS: "Manage settings.",
    PermissionEnum.MANAGE_TRANSLATIONS: "Manage translations.",
}

DJANGO_PERMISSIONS = [(perm.codename, name) for perm, name in PERMISSION_NAMES.items()]
