"""The portal's write path: set-up, identity by one-time code, customers' requests.

What the app owns (issue 13; seed 000 §3.1, §3.10, §3.24): the customer's
phone pages. Identity is a phone number proved by a one-time code; requests
are desk tickets registered through ``kefu.desk.services.ticket_register`` by
the site's portal account (channel ``portal``); urging goes through the desk's
``ticket_urge``; ratings of a return visit through ``visits.visit_record``;
notices are signed off through ``notices.notice_recipient_sign_off``.
Every function is keyword-only, atomic and writes one audit entry.
"""

from kefu.portal.services.identity import (
    phone_code_send,
    phone_code_verify,
    portal_session_end,
    portal_session_open,
    rate_hit,
)
from kefu.portal.services.notices import portal_notice_sign_off
from kefu.portal.services.online import (
    ONLINE,
    online_item_register,
    online_reply_draft,
    online_reply_publish,
    online_reply_review,
)
from kefu.portal.services.requests import (
    portal_info_add,
    portal_rate,
    portal_report,
    portal_request_match,
    portal_urge,
    portal_withdraw,
)
from kefu.portal.services.setup import portal_links_ensure, portal_setup

__all__ = [
    "ONLINE",
    "online_item_register",
    "online_reply_draft",
    "online_reply_publish",
    "online_reply_review",
    "phone_code_send",
    "phone_code_verify",
    "portal_info_add",
    "portal_links_ensure",
    "portal_notice_sign_off",
    "portal_rate",
    "portal_report",
    "portal_request_match",
    "portal_session_end",
    "portal_session_open",
    "portal_setup",
    "portal_urge",
    "portal_withdraw",
    "rate_hit",
]
