from storefront.border.models.declarations import BorderDeclaration, BorderDeclarationLine
from storefront.border.models.listings import BorderListing, FxRate
from storefront.border.models.ports import (
    SELLING_STATUSES,
    BorderChannel,
    BorderPort,
    PortClosure,
    PortKind,
    PortStatus,
)
from storefront.border.models.residents import (
    BorderCheckout,
    BorderQuotaDay,
    BorderResident,
    ResidentIdKind,
)

__all__ = [
    "SELLING_STATUSES",
    "BorderChannel",
    "BorderCheckout",
    "BorderDeclaration",
    "BorderDeclarationLine",
    "BorderListing",
    "BorderPort",
    "BorderQuotaDay",
    "BorderResident",
    "FxRate",
    "PortClosure",
    "PortKind",
    "PortStatus",
    "ResidentIdKind",
]
