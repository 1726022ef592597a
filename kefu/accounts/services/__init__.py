"""Writes of business accounts: one service per action (see the submodules).

``credit`` owns accounts, the recorded inputs, the shipment check and its
sign-offs, and month-end recovery (seed 000 [CRD] L273–315); ``partners`` the
joint-venture partners (seed 000 [JVP] L355–387); ``key_accounts`` the key-account
plans, notes and monthly reviews (seed 000 [KAM] L567–581).
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
from kefu.accounts.services.key_accounts import (
    account_note_add,
    account_review_record,
    sales_plan_set,
)
from kefu.accounts.services.partners import (
    grade_change_decide,
    grade_change_propose,
    partner_initial_check,
    partner_onsite_check,
    partner_register,
    partner_snapshots_take,
    partner_submit,
    partner_update,
    partner_visit_record,
)

__all__ = [
    "account_note_add",
    "account_open",
    "account_review_record",
    "account_update",
    "credit_entries_import",
    "credit_entry_record",
    "grade_change_decide",
    "grade_change_propose",
    "lock_account",
    "partner_initial_check",
    "partner_onsite_check",
    "partner_register",
    "partner_snapshots_take",
    "partner_submit",
    "partner_update",
    "partner_visit_record",
    "recovery_run",
    "sales_plan_set",
    "shipment_approve_past_term",
    "shipment_request",
    "shipment_sign_over_limit",
]
