"""Listening to the visits app: a recorded return visit of a complaint.

``kefu.visits.signals.visit_recorded(visit, actor)`` arrives after the visit's
transaction committed. A visit of a complaint's request that reached the
customer (``visit.satisfied`` is True or False) goes to
``services.complaint_visit_result``; an unsatisfied one reopens handling or
schedules another visit "until the customer is satisfied" (seed 004 L373).
"""

import logging
from typing import Any

from kefu.complaints.models import Complaint, Stage
from kefu.core.errors import KefuError

log = logging.getLogger(__name__)


def on_visit_recorded(sender: Any, visit: Any, actor: Any, **kwargs: Any) -> None:
    from kefu.complaints.services import complaint_visit_result

    ticket_id = getattr(visit, "ticket_id", None)
    satisfied = getattr(visit, "satisfied", None)
    if ticket_id is None or satisfied is None:
        return
    complaint = Complaint.objects.filter(
        ticket_id=ticket_id, stage__in=[Stage.REPLIED, Stage.CLOSED]
    ).first()
    if complaint is None:
        return
    try:
        complaint_visit_result(
            actor=actor,
            complaint=complaint,
            satisfied=bool(satisfied),
            note=getattr(visit, "comment", "") or "",
            from_visits_app=True,
        )
    except KefuError as exc:  # a refused step is logged; the visit stays recorded
        log.warning("complaint %s: visit result not applied: %s", complaint.pk, exc.code)


def connect() -> None:
    try:
        from kefu.visits.signals import visit_recorded
    except ImportError:  # the visits app is not installed
        return
    visit_recorded.connect(on_visit_recorded, dispatch_uid="complaints.on_visit_recorded")
