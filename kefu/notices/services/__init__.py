"""Outbound notices: the one write path for drafts, approvals, seals, sending,
sign-offs, chases, inspections, rectification, greetings and handbooks
(seed 000 L41–59, L753, L773; seed 002 L76; seed 004 L25, L71, L179).

Every action takes an explicit ``actor``, runs in one transaction, locks the
notice row, writes one audit entry and queues messages in the notify outbox.
"""

from kefu.notices.services.birthdays import birthday_greetings_schedule
from kefu.notices.services.handbooks import handbook_hand_out
from kefu.notices.services.periodic import notices_run_due
from kefu.notices.services.rectification import (
    finding_rectified_record,
    rectifications_chase_overdue,
)
from kefu.notices.services.recurring import (
    fire_safety_notice_draft_due,
    greeting_schedule,
    greetings_send_due,
    inspection_report_record,
    notice_preset_apply,
    overdue_rectifications,
    rectification_letter_draft,
)
from kefu.notices.services.signoff import (
    notice_chase,
    notice_recipient_paper_record,
    notice_recipient_sign_off,
    recipient_for_token,
    recipient_token,
    sign_off_path,
    sign_off_url,
    signs_in_portal,
)
from kefu.notices.services.workflow import (
    notice_approve,
    notice_draft,
    notice_issue,
    notice_seal_apply,
    notice_seal_approve,
)

__all__ = [
    "birthday_greetings_schedule",
    "finding_rectified_record",
    "fire_safety_notice_draft_due",
    "greeting_schedule",
    "greetings_send_due",
    "handbook_hand_out",
    "inspection_report_record",
    "notice_approve",
    "notice_chase",
    "notice_draft",
    "notice_issue",
    "notice_preset_apply",
    "notice_recipient_paper_record",
    "notice_recipient_sign_off",
    "notice_seal_apply",
    "notice_seal_approve",
    "notices_run_due",
    "overdue_rectifications",
    "recipient_for_token",
    "recipient_token",
    "rectification_letter_draft",
    "rectifications_chase_overdue",
    "sign_off_path",
    "sign_off_url",
    "signs_in_portal",
]
