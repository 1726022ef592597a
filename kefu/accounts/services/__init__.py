"""Writes of business accounts: one service per action (see the submodules).

``credit`` owns accounts, the recorded inputs, the shipment check and its
sign-offs, and month-end recovery (seed 000 [CRD] L273–315).
"""

from kefu.accounts.services.credit import (
    account_open,
    account_update,
    credit_entries_import,
    credit_entry_record,
    lock_account,
    recovery_run,
    shipment_approve_past_term,
    shipment_request,
    shipment_sign_over_limit,
)

__all__ = [
    "account_open",
    "account_update",
    "credit_entries_import",
    "credit_entry_record",
    "lock_account",
    "recovery_run",
    "shipment_approve_past_term",
    "shipment_request",
    "shipment_sign_over_limit",
]
