"""Writes of the assessment app: the penalty ledger and the monthly scorecards.

One module per concern; everything is re-exported here so callers import
``kefu.assessment.services``.
"""

from kefu.assessment.services.ledger import ledger_entry_record

__all__ = ["ledger_entry_record"]
