"""Complaint handling's write path: one function per step of seed 002 §4.1.

A complaint is a desk ``Ticket`` (type 投诉) plus a ``Complaint``; the desk's
lifecycle services move the ticket (register, accept, reject, assign, start,
reply, close, reopen) and keep its SLA clocks (first_response,
handling_opinion, closure …), and these services run the complaint's own steps
around them. Each step: one transaction, the complaint row locked, the stage
checked (no step can be skipped, ``rules.STEP_SOURCES``), the actor's right
checked through the policy's capability for the step (their own position or as
deputy, recorded "on behalf of"), recusal of the person complained about
(seed 000 L551), one ``ComplaintStep`` and one audit entry.

Rule refusals (``logged`` errors) are also written to the audit trail as
``complaints.refused`` and to the log, after the refused step rolled back.
"""

from kefu.complaints.services.base import policy_for, refusals_logged
from kefu.complaints.services.closing import (
    complaint_close,
    complaint_reopen,
    complaint_reply,
    complaint_visit_result,
    notice_done,
)
from kefu.complaints.services.config import complaint_preset_apply
from kefu.complaints.services.handling import (
    complaint_delivery_record,
    complaint_memo_save,
    complaint_opinion_decide,
    complaint_opinion_submit,
    complaint_opinions_read,
    memo_category,
)
from kefu.complaints.services.intake import complaint_accept, complaint_intake
from kefu.complaints.services.transfer import (
    complaint_slip_sign,
    complaint_transfer,
    complaint_transfer_decide,
    current_slip,
)

__all__ = [
    "complaint_accept",
    "complaint_close",
    "complaint_delivery_record",
    "complaint_intake",
    "complaint_memo_save",
    "complaint_opinion_decide",
    "complaint_opinion_submit",
    "complaint_opinions_read",
    "complaint_preset_apply",
    "complaint_reopen",
    "complaint_reply",
    "complaint_slip_sign",
    "complaint_transfer",
    "complaint_transfer_decide",
    "complaint_visit_result",
    "current_slip",
    "memo_category",
    "notice_done",
    "policy_for",
    "refusals_logged",
]
