"""The write path of field service.

``orders``: create (directly or from a desk request), approve, refuse,
dispatch, cancel, close, the follow-up order. ``onsite``: arrive, work, parts,
swaps, photos, completion with the signature, cash to finance. ``patrols``:
patrol plans and patrols whose findings raise orders. ``config``: presets.
"""

from kefu.field.services.config import field_preset_apply
from kefu.field.services.onsite import (
    order_arrive,
    order_cash_hand_over,
    order_complete,
    order_part_add,
    order_photo_add,
    order_swap_record,
    order_work_record,
)
from kefu.field.services.orders import (
    order_approve,
    order_cancel,
    order_close,
    order_create,
    order_dispatch,
    order_follow_up_create,
    order_from_ticket,
    order_reject,
)
from kefu.field.services.patrols import CheckInput, patrol_plan_create, patrol_record
from kefu.field.services.reminders import field_reminders_send

__all__ = [
    "CheckInput",
    "field_preset_apply",
    "field_reminders_send",
    "order_approve",
    "order_arrive",
    "order_cancel",
    "order_cash_hand_over",
    "order_close",
    "order_complete",
    "order_create",
    "order_dispatch",
    "order_follow_up_create",
    "order_from_ticket",
    "order_part_add",
    "order_photo_add",
    "order_reject",
    "order_swap_record",
    "order_work_record",
    "patrol_plan_create",
    "patrol_record",
]
