"""Demo of the customer portal at the property centre.

Called by ``kefu.core.demo.build_demo`` after the visits demo; built through
the services with explicit past ``now=`` values:

- the portal opened with the published service numbers (seed 000 L29, L69)
  and a short link per unit (the sticker sheet);
- a repair reported from a unit's QR code by a known owner (identity
  confirmed), and an enquiry from a number no customer has (identity
  unconfirmed, waiting on the desk's portal page to be matched);
- two items seen online (seed 000 L69): a forum post whose reply was
  reviewed by the engineering department and published, and a Weibo
  complaint whose reply waits for the department's review.
"""

import random
from datetime import datetime, timedelta

from kefu.customers.models import Customer
from kefu.desk.models import Category
from kefu.org.models import Site, User
from kefu.portal.models import PortalLink, PortalRequest
from kefu.portal.selectors import PortalIdentity
from kefu.portal.services import (
    portal_links_ensure,
    portal_report,
    portal_session_open,
    portal_setup,
)

UNKNOWN_NUMBER = "13600136000"


def _identity(settings, phone: str, now: datetime) -> PortalIdentity:
    session = portal_session_open(settings=settings, phone=phone, now=now)
    return PortalIdentity(session, settings.site, session.phone, session.customer)


def build_portal_demo(*, site: Site, people: dict[str, User], now: datetime) -> None:
    if PortalRequest.objects.filter(site=site).exists():
        return
    rng = random.Random(2026)
    settings = portal_setup(
        actor=None,
        site=site,
        hotline=site.hotline or "0755-86001234",
        emergency_phone="0755-86001110",
        daily_service_phone="0755-86001234",
        complaint_phone="0755-86001315",
    )
    portal_links_ensure(actor=None, site=site)
    owners = [
        c
        for c in Customer.objects.filter(site=site, phone__startswith="1").order_by("pk")[:40]
        if c.units.exists()
    ]
    if owners:
        owner = rng.choice(owners)
        unit = owner.units.order_by("pk").first()
        link = PortalLink.objects.get(unit=unit)
        at = now - timedelta(days=2, hours=3)
        category = Category.objects.filter(site=site, code="plumbing_electric").first()
        portal_report(
            identity=_identity(settings, owner.phone, at),
            settings=settings,
            request_type="repair",
            category=category,
            content="卫生间天花板渗水,楼上可能漏水,请尽快安排师傅查看。",
            link=link,
            now=at,
        )
    at = now - timedelta(days=1, hours=5)
    portal_report(
        identity=_identity(settings, UNKNOWN_NUMBER, at),
        settings=settings,
        request_type="enquiry",
        content="请问小区停车月卡怎么办理?需要带哪些材料?",
        link=PortalLink.objects.get(site=site, unit__isnull=True),
        now=at,
    )
    _online_item(site, people, now)


def _first(people: dict, code: str) -> User:
    found = people[code]
    return found[0] if isinstance(found, list) else found


def _online_item(site: Site, people: dict, now: datetime) -> None:
    """Items seen online, registered by the 客服主任 as the designated person (L69).

    A forum post about a leak in the car park: the reply was drafted, approved
    by the engineering department (the request's handling department) and
    published. A Weibo complaint about the car park's lighting: its reply waits
    for the department's review.
    """
    from kefu.desk.models import Channel, RequestType
    from kefu.org.services import position_capabilities_grant
    from kefu.portal.services import (
        ONLINE,
        online_item_register,
        online_reply_draft,
        online_reply_publish,
        online_reply_review,
    )
    from kefu.portal.services.online import ONLINE_CHANNEL

    position_capabilities_grant(site=site, capabilities={"cs_director": (ONLINE,)})
    Channel.objects.get_or_create(
        site=site, code=ONLINE_CHANNEL, defaults={"name": "网络渠道", "sort_order": 95}
    )
    director = _first(people, "cs_director")
    at = now - timedelta(days=3, hours=4)
    forum = online_item_register(
        actor=director,
        site=site,
        request_type=RequestType.objects.get(site=site, code="repair"),
        category=Category.objects.filter(site=site, code="plumbing_electric").first(),
        source="forum",
        url="https://bbs.example.cn/thread/20261",
        content="论坛帖子:3栋地下车库入口处天花板滴水多日,车辆经过被淋湿。",
        contact_name="论坛用户 阳光业主",
        subject="地下车库入口天花板滴水",
        now=at,
    )
    online_reply_draft(
        actor=director,
        item=forum,
        text="感谢反映。工程部已查明为消防管道接口渗漏,将于本周五前完成维修,期间请绕行。",
        now=at + timedelta(hours=2),
    )
    reviewers = [u for u in _online_reviewers(forum) if u.pk != director.pk]
    if reviewers:
        online_reply_review(
            actor=reviewers[0], item=forum, approve=True, now=at + timedelta(hours=4)
        )
        online_reply_publish(actor=director, item=forum, now=at + timedelta(hours=5))
    weibo = online_item_register(
        actor=director,
        site=site,
        request_type=RequestType.objects.get(site=site, code="complaint"),
        category=Category.objects.filter(site=site, request_type__code="complaint")
        .order_by("sort_order", "pk")
        .first(),
        source="weibo",
        url="https://weibo.com/example/5012345678",
        content="网友反映阳光花园小区地下车库照明不足,晚上停车不安全。",
        contact_name="微博网友",
        subject="地下车库照明不足",
        occurred_at=now - timedelta(days=1, hours=2),
        occurred_place="地下车库B区",
        now=now - timedelta(hours=20),
    )
    online_reply_draft(
        actor=director,
        item=weibo,
        text="您好,已安排对地下车库B区照明进行检查,损坏灯具将在两天内更换。",
        now=now - timedelta(hours=18),
    )


def _online_reviewers(item):
    from kefu.portal.selectors import online_reviewers

    return online_reviewers(item)
