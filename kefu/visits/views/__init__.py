"""Pages of the visits app, one module per page.

``visit_list``: the visitor's work list; ``visit_detail`` with its record,
assign, reschedule and cancel posts; ``customer_visits``: a customer's history;
``surveys``: satisfaction survey campaigns and the customer's answer page.
"""

from kefu.visits.views.customer import customer_handover, customer_visit_schedule, customer_visits
from kefu.visits.views.meetings import coverage_page, meeting_detail, meeting_list
from kefu.visits.views.surveys import (
    campaign_close_view,
    campaign_detail,
    campaign_export,
    campaign_list,
    campaign_open_view,
    corrective_action_add,
    corrective_action_change,
    public_answer,
    target_answer,
)
from kefu.visits.views.visit_detail import (
    visit_assign_view,
    visit_cancel_view,
    visit_detail,
    visit_record_view,
    visit_reschedule_view,
)
from kefu.visits.views.work_list import visit_list

__all__ = [
    "campaign_close_view",
    "campaign_detail",
    "campaign_export",
    "campaign_list",
    "campaign_open_view",
    "corrective_action_add",
    "corrective_action_change",
    "coverage_page",
    "customer_handover",
    "customer_visit_schedule",
    "customer_visits",
    "meeting_detail",
    "meeting_list",
    "public_answer",
    "target_answer",
    "visit_assign_view",
    "visit_cancel_view",
    "visit_detail",
    "visit_list",
    "visit_record_view",
    "visit_reschedule_view",
]
