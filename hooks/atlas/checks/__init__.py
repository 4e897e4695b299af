"""The checks of one practice file and of the whole collection, one module per family.

A check is a function `check(raw, context, bad_fields) -> Iterator[Problem]`
(or `check(records, context)` for the collection). To add a family, write a
module beside these and add its function to one of the tuples below: the
validator (atlas.validate), the hook, the scripts and the tests all run
exactly this list.
"""

from __future__ import annotations

from . import body, dates, duplicates, provenance, slug, vocabulary
from .context import CheckContext, CollectionCheck, RecordCheck
from .schema import schema_problems

# Run after the JSON Schema check, in this order, on every record.
RECORD_CHECKS: tuple[RecordCheck, ...] = (
    vocabulary.check,
    dates.check,
    provenance.check,
    slug.check,
    body.check,
)

# Run once over all records.
COLLECTION_CHECKS: tuple[CollectionCheck, ...] = (duplicates.check,)

__all__ = ["COLLECTION_CHECKS", "RECORD_CHECKS", "CheckContext", "schema_problems"]
