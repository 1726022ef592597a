"""Property procedures' write path (seed 004 §3, seed 000 §3.11).

``config``: presets (templates and the fee schedule); ``running``: a procedure
from start to finish. Every service takes an explicit ``actor``, runs in one
transaction with the procedure row locked, and writes one audit entry.
"""

from kefu.procedures.services.config import procedure_preset_apply
from kefu.procedures.services.running import (
    procedure_item_mark,
    procedure_money_record,
    procedure_refund,
    procedure_start,
    procedure_step_approve,
    procedure_step_complete,
)

__all__ = [
    "procedure_item_mark",
    "procedure_money_record",
    "procedure_preset_apply",
    "procedure_refund",
    "procedure_start",
    "procedure_step_approve",
    "procedure_step_complete",
]
