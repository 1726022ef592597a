"""Guest reception's write path: one function per step (seed 003 §5, seed 000 §3.25).

``visits``: booking to satisfaction; ``urging``: the 催办 record; ``config``:
presets. Every service takes an explicit ``actor``, runs in one transaction,
locks the row it changes and writes one audit entry.
"""

from kefu.guests.services.base import policy_for
from kefu.guests.services.config import guest_preset_apply
from kefu.guests.services.urging import (
    urging_feed_back,
    urging_hand,
    urging_progress,
    urging_resolve,
    urging_urge_overdue,
)
from kefu.guests.services.visits import (
    visit_book,
    visit_cancel,
    visit_change,
    visit_close,
    visit_confirm,
    visit_depart,
    visit_gift_record,
    visit_letter_send,
    visit_prep_mark,
    visit_receive,
    visit_spend_decide,
    visit_spend_record,
    visit_verify,
)

__all__ = [
    "guest_preset_apply",
    "policy_for",
    "urging_feed_back",
    "urging_hand",
    "urging_progress",
    "urging_resolve",
    "urging_urge_overdue",
    "visit_book",
    "visit_cancel",
    "visit_change",
    "visit_close",
    "visit_confirm",
    "visit_depart",
    "visit_gift_record",
    "visit_letter_send",
    "visit_prep_mark",
    "visit_receive",
    "visit_spend_decide",
    "visit_spend_record",
    "visit_verify",
]
