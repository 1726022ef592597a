"""Pages of the service desk, one module per page.

``ticket_list``: the desk list with its filters; ``ticket_create``: the hotline's
fast intake; ``ticket_detail`` and its action, comment and edit posts.
"""

from kefu.desk.views.sla_report import sla_report
from kefu.desk.views.ticket_create import ticket_create
from kefu.desk.views.ticket_detail import (
    ticket_action,
    ticket_comment,
    ticket_detail,
    ticket_edit,
    ticket_pause_view,
    ticket_resume_view,
    ticket_urge_view,
)
from kefu.desk.views.ticket_list import ticket_list

__all__ = [
    "sla_report",
    "ticket_action",
    "ticket_comment",
    "ticket_create",
    "ticket_detail",
    "ticket_edit",
    "ticket_list",
    "ticket_pause_view",
    "ticket_resume_view",
    "ticket_urge_view",
]
