"""What field service does when a return visit is recorded (``visit_recorded``).

The visit of a completed order (``WorkOrder.return_visit``): the customer
satisfied closes the order; not satisfied raises a follow-up order (seed 004
L373: 维修后应及时再访,直到客户满意为止), which gets its own return visit when
it is completed — so the visits app's automatic follow-up visit is cancelled.
"""

from django.db import transaction
from django.dispatch import receiver

from kefu.field.models import OrderStatus, WorkOrder
from kefu.visits.signals import visit_recorded


@receiver(visit_recorded, dispatch_uid="field.on_visit_recorded")
def on_visit_recorded(sender, visit, actor, **kwargs) -> None:
    if not visit.reached:
        return
    orders = list(WorkOrder.objects.filter(return_visit=visit, status=OrderStatus.COMPLETED))
    if not orders:
        return
    from kefu.field.services import order_close, order_follow_up_create
    from kefu.visits.models import ReturnVisit, VisitStatus
    from kefu.visits.services import visit_cancel

    with transaction.atomic():
        for order in orders:
            if visit.satisfied:
                order_close(actor=None, order=order)
                continue
            order_follow_up_create(order=order, note=visit.comment)
            for follow in ReturnVisit.objects.filter(follows=visit, status=VisitStatus.DUE):
                visit_cancel(actor=None, visit=follow, reason=order.number)
