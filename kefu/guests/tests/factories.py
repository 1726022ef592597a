"""Guest reception test data, made through the services so the rules apply."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from kefu.guests.models import GuestClass
from kefu.guests.services import guest_preset_apply, visit_book

TZ = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=TZ)


def reception_site(preset_site):
    """The property centre on the seed 000 [RCP] preset (classes a–d, caps 500…150)."""
    return guest_preset_apply(actor=None, site=preset_site.site, key="company_reception")


def guest_class(site, code: str) -> GuestClass:
    return GuestClass.objects.get(site=site, code=code)


def book(preset_site, *, code: str = "a", headcount: int = 4, starts=None, **kwargs):
    starts = starts or at(2026, 6, 18, 10)
    defaults = {
        "guest_name": "王总",
        "company": "华润置地",
        "purpose": "商务洽谈",
        "channel": "phone",
        "place": "一号会议室",
        "host": preset_site["gm"],
        "agenda": "参观项目,洽谈合作",
        "bring_documents": "营业执照复印件",
    }
    defaults.update(kwargs)
    return visit_book(
        actor=preset_site["cs_director"],
        site=preset_site.site,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        headcount=headcount,
        guest_class=guest_class(preset_site.site, code),
        now=starts - timedelta(days=3),
        **defaults,
    )
