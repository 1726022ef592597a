"""Pages of the field app under /field/: the dispatcher's board, an order's
page, the technician's phone pages, swap search, cash reconciliation, patrols."""

from kefu.field.views.board import board, cash_list, order_create_view, swap_search
from kefu.field.views.order import (
    order_approve_view,
    order_cancel_view,
    order_cash_view,
    order_detail,
    order_dispatch_view,
    order_reject_view,
)
from kefu.field.views.patrols import patrol_list, patrol_plan_create_view, patrol_record_view
from kefu.field.views.tech import (
    tech_arrive,
    tech_complete,
    tech_order,
    tech_orders,
    tech_part,
    tech_photo,
    tech_swap,
    tech_work,
)

__all__ = [
    "board",
    "cash_list",
    "order_approve_view",
    "order_cancel_view",
    "order_cash_view",
    "order_create_view",
    "order_detail",
    "order_dispatch_view",
    "order_reject_view",
    "patrol_list",
    "patrol_plan_create_view",
    "patrol_record_view",
    "swap_search",
    "tech_arrive",
    "tech_complete",
    "tech_order",
    "tech_orders",
    "tech_part",
    "tech_photo",
    "tech_swap",
    "tech_work",
]
