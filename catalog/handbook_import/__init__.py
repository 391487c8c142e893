"""Importing county net goods handbooks (网货手册) from .xlsx and .csv spreadsheets.

reading (streaming) → safety (content sniffing, zip bombs) → columns (header synonyms) →
normalize (full-width, units, prices, seasons …) → validation (per-row errors) → importer.
"""

from catalog.handbook_import.importer import handbook_import
from catalog.handbook_import.report import ImportIssue, ImportReport

__all__ = ["ImportIssue", "ImportReport", "handbook_import"]
