"""Pages of the notices app, one module per capability (re-exported here).

- ``register``: the notices register, drafting, a notice and its steps,
  paper sign-off, the batch PDF, the tenant's sign-off link.
"""

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
    "notice_chase_view",
    "notice_create",
    "notice_detail",
    "notice_list",
    "notice_pdf",
    "notice_step",
    "paper_sign_off_view",
    "sign_off_page",
    "signed_copy_view",
]
