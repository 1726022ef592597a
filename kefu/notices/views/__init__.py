"""Pages of the notices app, one module per capability (re-exported here).

- ``register``: the notices register, drafting, a notice and its steps,
  paper sign-off, the batch PDF, the tenant's sign-off link;
- ``chain``: the fire-safety notices, inspections, findings and rectification
  letters (seed 000 L43);
- ``greetings``: holiday, weather and birthday greetings (seed 000 L59, L753);
- ``handbooks``: handbooks handed out against acknowledgement (seed 004 L71).
"""

from kefu.notices.views.chain import (
    finding_rectified_view,
    fire_safety_list,
    inspection_page,
    rectification_draft_view,
    rectification_list,
)
from kefu.notices.views.greetings import greeting_list
from kefu.notices.views.handbooks import handbook_hand_out_view, handbook_list
from kefu.notices.views.register import (
    notice_chase_view,
    notice_create,
    notice_detail,
    notice_list,
    notice_pdf,
    notice_step,
    paper_sign_off_view,
    sign_off_page,
    signed_copy_view,
)

__all__ = [
    "finding_rectified_view",
    "fire_safety_list",
    "greeting_list",
    "handbook_hand_out_view",
    "handbook_list",
    "inspection_page",
    "notice_chase_view",
    "notice_create",
    "notice_detail",
    "notice_list",
    "notice_pdf",
    "notice_step",
    "paper_sign_off_view",
    "rectification_draft_view",
    "rectification_list",
    "sign_off_page",
    "signed_copy_view",
]
