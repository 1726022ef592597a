"""Fines for customer-file violations, registered with the one penalty ledger.

seed 000 L183–201 (F1–F6, E1–E3). The sales consultant's rules share the
repeat group ``files.sales`` (E1: from the 2nd penalised violation in a
month doubled); the service advisor's share ``files.after_sales`` (E2: from
the 3rd). E3's daily repeats are ledger entries of the same rule, so they count
toward the doubling (seed-notes 000 §4.5 leaves this open; documented in
docs/files.md). Amounts are in fen.
"""

from django.utils.translation import gettext_lazy as _

from kefu.assessment.policies import DoubleFromNth, LedgerRule

SALES_GROUP = "files.sales"
AFTER_SALES_GROUP = "files.after_sales"

FILE_LEDGER_RULES = [
    LedgerRule(
        "files.f1_sales_late",
        _("F1 file handed over more than 3 working days after delivery"),
        amount_fen=5000,
        repeat=DoubleFromNth(2),
        group=SALES_GROUP,
        seed="seed 000 L183",
    ),
    LedgerRule(
        "files.f2_sales_signature",
        _("F2 inspection document without (or with a wrong) customer signature"),
        amount_fen=2000,
        repeat=DoubleFromNth(2),
        group=SALES_GROUP,
        seed="seed 000 L185",
    ),
    LedgerRule(
        "files.f3_contact_not_verified",
        _("F3 contact person and unique contact method not verified at intake"),
        amount_fen=5000,
        repeat=DoubleFromNth(3),
        group=AFTER_SALES_GROUP,
        seed="seed 000 L187",
    ),
    LedgerRule(
        "files.f4_after_sales_late",
        _("F4 file not handed over or completed within 1 working day of delivery"),
        amount_fen=5000,
        repeat=DoubleFromNth(3),
        group=AFTER_SALES_GROUP,
        seed="seed 000 L189",
    ),
    LedgerRule(
        "files.f5_after_sales_incomplete",
        _("F5 paper file incomplete, wrong or non-compliant (per item)"),
        amount_fen=2000,
        repeat=DoubleFromNth(3),
        group=AFTER_SALES_GROUP,
        seed="seed 000 L191",
    ),
    LedgerRule(
        "files.f5a_after_sales_customer_signature",
        _("F5a no (or a wrong) customer signature (per item)"),
        amount_fen=5000,
        repeat=DoubleFromNth(3),
        group=AFTER_SALES_GROUP,
        seed="seed 000 L191",
    ),
    LedgerRule(
        "files.f5b_after_sales_staff_signature",
        _("F5b no (or a wrong) internal staff signature (per item)"),
        amount_fen=2000,
        repeat=DoubleFromNth(3),
        group=AFTER_SALES_GROUP,
        seed="seed 000 L191",
    ),
    LedgerRule(
        "files.f6_lost_or_damaged",
        _("F6 file lost or damaged through poor upkeep or broken borrowing rules"),
        amount_fen=2000,
        group="files.f6",
        seed="seed 000 L195",
    ),
]

FILE_RULE_CODES = frozenset(rule.code for rule in FILE_LEDGER_RULES)
