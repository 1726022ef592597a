"""Writes of the assessment app: the penalty ledger and the monthly scorecards.

One module per concern; everything is re-exported here so callers import
``kefu.assessment.services``.
"""

from kefu.assessment.services.appeals import (
    ledger_appeal_decide,
    ledger_entry_appeal,
    ledger_entry_approve,
)
from kefu.assessment.services.ledger import ledger_entry_record
from kefu.assessment.services.scorecards import (
    APPROVE,
    ASSESS,
    scorecard_adjust,
    scorecard_entry_add,
    scorecard_run,
    scorecard_sign_off,
    scorecard_template_preset_apply,
    scorecards_run_due,
)

__all__ = [
    "APPROVE",
    "ASSESS",
    "ledger_appeal_decide",
    "ledger_entry_appeal",
    "ledger_entry_approve",
    "ledger_entry_record",
    "scorecard_adjust",
    "scorecard_entry_add",
    "scorecard_run",
    "scorecard_sign_off",
    "scorecard_template_preset_apply",
    "scorecards_run_due",
]
