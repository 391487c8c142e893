"""The name a producer is shown by in public: the one rule every public output follows.

A household's name is usually a villager's own name, which is personal data: no page, API
answer, description, search document, PDF or data package shows it. In public a household is
"<county> household" (乃东区农户) and its contact name, phone and address are never read;
enterprises, cooperatives and family farms keep their names. Staff who manage the county see
the real name in GraphQL (catalog.graphql.producer).

Callers load the producer with its county (select_related) so the label costs no query.
"""

from django.utils.translation import gettext

from catalog.handbook_import.importer import _producer_kind as kind_from_name
from catalog.models import Division, HandbookEntry, Producer, ProducerKind

# What is never read for a public output (defer them when loading a producer for one).
PRIVATE_FIELDS = ("contact_name", "contact_phone", "address", "household_status")


def household_label(county: Division | None) -> str:
    """The neutral public name of a household of `county`, in the active language."""
    return gettext("%(county)s household") % {"county": county.name if county else ""}


def producer_public_name(producer: Producer) -> str:
    """The producer's name as anyone may see it (a household's is its county's label)."""
    if producer.kind == ProducerKind.HOUSEHOLD:
        return household_label(producer.county)
    return producer.name


def entry_producer_public_name(entry: HandbookEntry, county: Division) -> str:
    """The public name of a handbook entry's producer: its Producer row's, else the name typed
    in the spreadsheet, judged by the import's own rule (a name naming no cooperative, farm or
    company is a household's); `county` is the handbook's."""
    if entry.producer_id is not None:
        return producer_public_name(entry.producer)
    name = (entry.producer_name or "").strip()
    if name and kind_from_name(name) == ProducerKind.HOUSEHOLD:
        return household_label(county)
    return name
