"""The catalog's back office (Django admin): producers, brands and licences, net goods
handbooks with their review queue and import page. Each model's admin lives in its own
module; importing them registers them. Scoping rules: catalog/admin_scoping.py."""

from catalog import admin_brands, admin_handbook_entries, admin_handbooks, admin_producers

__all__ = ["admin_brands", "admin_handbook_entries", "admin_handbooks", "admin_producers"]
