"""Pages of the portal: the customer's phone pages and the desk's portal pages
(links, identities to match, online-channel items)."""

from kefu.portal.views.customer import (
    code_send,
    code_verify,
    landing,
    my_request,
    my_request_action,
    my_requests,
    photo,
    report,
    sign_out,
)
from kefu.portal.views.notice import notice, notice_code_send, notice_code_verify, notice_sign
from kefu.portal.views.online import online_create, online_detail, online_list, online_step
from kefu.portal.views.staff import link_list, link_qr, request_match, sticker_sheet

__all__ = [
    "code_send",
    "code_verify",
    "landing",
    "link_list",
    "link_qr",
    "my_request",
    "my_request_action",
    "my_requests",
    "notice",
    "notice_code_send",
    "notice_code_verify",
    "notice_sign",
    "online_create",
    "online_detail",
    "online_list",
    "online_step",
    "photo",
    "report",
    "request_match",
    "sign_out",
    "sticker_sheet",
]
