"""Notices signed off from the phone: a link, a verified number, one confirmation.

seed 000 L51 (每个租户完成签收), L53 (签收记录与发文一同保存); issue 13: a
tenant opens a notice from a link and confirms receipt, which records who,
when and from which verified number. The sign-off itself is the notices
app's one sign-off service (``notice_recipient_sign_off``, method
``portal``); this module only checks that the verified number is the
recipient's.
"""

from datetime import datetime

from kefu.notices.models import NoticeRecipient, SignMethod
from kefu.notices.services import notice_recipient_sign_off
from kefu.portal.selectors import PortalIdentity, access_notice_copy, phone_holder


def portal_notice_sign_off(
    *,
    identity: PortalIdentity,
    recipient: NoticeRecipient,
    client_address: str = "",
    now: datetime | None = None,
) -> NoticeRecipient:
    """The tenant confirms receipt of their copy with a verified phone.

    The number must be the recipient's customer's own or one of their
    contacts' (``portal.notice_not_found`` otherwise, as for a link that names
    no notice). Records the signer (the customer, or the contact whose number
    it is), the time, the verified number and the client address; a second
    confirmation changes nothing (the notices service is idempotent).
    """
    recipient = access_notice_copy(identity, recipient)
    return notice_recipient_sign_off(
        recipient=recipient,
        method=SignMethod.PORTAL,
        signer_name=phone_holder(recipient.customer, identity.phone) or "",
        address=client_address,
        verified_phone=identity.phone,
        now=now,
    )
