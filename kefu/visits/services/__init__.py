"""The write path of return visits and satisfaction surveys.

``visits``: schedule, record, assign, re-schedule and cancel return visits,
and the hand-over schedule. ``surveys``: yearly satisfaction survey
campaigns, their answers and corrective actions. Other apps call, e.g.::

    from kefu.visits.services import visit_schedule, visit_record
"""

from kefu.visits.services.meetings import (
    meeting_record,
    tenant_visit_record,
    visit_plan_create,
)
from kefu.visits.services.surveys import (
    campaign_close,
    campaign_open,
    campaign_target_add,
    corrective_action_create,
    corrective_action_update,
    survey_answer,
)
from kefu.visits.services.visits import (
    handover_visits_schedule,
    visit_after_delivery_due,
    visit_after_reply_due,
    visit_assign,
    visit_cancel,
    visit_record,
    visit_reschedule,
    visit_schedule,
)

__all__ = [
    "campaign_close",
    "campaign_open",
    "campaign_target_add",
    "corrective_action_create",
    "corrective_action_update",
    "handover_visits_schedule",
    "meeting_record",
    "survey_answer",
    "tenant_visit_record",
    "visit_after_delivery_due",
    "visit_after_reply_due",
    "visit_assign",
    "visit_cancel",
    "visit_plan_create",
    "visit_record",
    "visit_reschedule",
    "visit_schedule",
]
