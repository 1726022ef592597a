"""Field-service test data, made through the services so the rules apply."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from kefu.customers.models import Customer
from kefu.customers.services import customer_create
from kefu.field import services
from kefu.field.models import FeeItem, Product, WarrantyRule, WorkOrder
from kefu.org.models import Position, Site, User
from kefu.org.tests.factories import SiteFactory, UserFactory

SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hh=9, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SH)


@dataclass
class FieldSite:
    site: Site
    users: dict[str, User]
    customer: Customer
    product: Product
    fee_item: FeeItem

    def __getitem__(self, code: str) -> User:
        return self.users[code]


def field_site(code: str = "gps", preset: str = "gps_vendor") -> FieldSite:
    """The GPS vendor (seed 001 [GPS]): clerk, two dispatching managers, two
    technicians, finance; a customer with a vehicle; a terminal with a
    24-month warranty rule; a part on the fee schedule."""
    site = SiteFactory(code=code, name=f"{code.upper()} 事业部", kind="field_service")
    services.field_preset_apply(actor=None, site=site, key=preset)
    manager = {"gps_vendor": "gps_manager", "home_decoration": "repair_lead"}.get(
        preset, "engineering_supervisor"
    )
    finance = "cs_director" if preset == "property_centre" else "finance"
    people = {
        "cs_clerk": ("cs_clerk", f"{code}_clerk"),
        "manager": (manager, f"{code}_manager"),
        "manager2": (manager, f"{code}_manager2"),
        "technician": ("technician", f"{code}_tech"),
        "technician2": ("technician", f"{code}_tech2"),
        "finance": (finance, f"{code}_finance"),
    }
    users = {
        key: UserFactory(
            username=username, positions=[Position.objects.get(site=site, code=position)]
        )
        for key, (position, username) in people.items()
    }
    customer = customer_create(
        actor=users["cs_clerk"],
        site=site,
        kind="dealer" if preset == "gps_vendor" else "owner",
        name="顺达物流",
        phone="13800000001",
        plate="京A12345",
    )
    product = Product.objects.create(site=site, code="t100", name="GPS终端", model_name="T-100")
    if preset != "home_decoration":  # the decoration preset: 3 years for every product
        WarrantyRule.objects.create(site=site, product=product, months=24, seed="test")
    fee_item = FeeItem.objects.create(site=site, code="antenna", name="天线", price="80.00")
    return FieldSite(site, users, customer, product, fee_item)


def repair(fs: FieldSite, *, now: datetime | None = None, **kwargs) -> WorkOrder:
    values = {
        "address": "北京市朝阳区建国路1号",
        "contact_phone": "13800000001",
        "product": fs.product,
        "purchase_date": date(2025, 1, 10),
        "problem": "终端不定位,指示灯不亮",
        "plate_number": "京A12345",
    }
    values.update(kwargs)
    return services.order_create(
        actor=fs["cs_clerk"],
        site=fs.site,
        kind="repair",
        customer=fs.customer,
        now=now or at(2026, 3, 2),
        **values,
    )


def dispatched(fs: FieldSite, *, now: datetime | None = None, **kwargs) -> WorkOrder:
    now = now or at(2026, 3, 2)
    order = repair(fs, now=now, **kwargs)
    order = services.order_approve(actor=fs["manager"], order=order, now=now)
    return services.order_dispatch(
        actor=fs["manager"], order=order, technician=fs["technician"], now=now
    )


def on_site(fs: FieldSite, *, now: datetime | None = None, **kwargs) -> WorkOrder:
    now = now or at(2026, 3, 2)
    order = dispatched(fs, now=now, **kwargs)
    return services.order_arrive(actor=fs["technician"], order=order, now=now)


def signature_png(blank: bool = False) -> bytes:
    """A canvas-like PNG: transparent, with a stroke unless ``blank``."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    if not blank:
        ImageDraw.Draw(image).line((10, 60, 290, 80), fill=(0, 0, 0, 255), width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def photo_jpeg(size=(3000, 2000)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (120, 160, 200)).save(out, format="JPEG")
    return out.getvalue()


def completed(fs: FieldSite, *, now: datetime | None = None, **kwargs) -> WorkOrder:
    now = now or at(2026, 3, 2)
    order = on_site(fs, now=now, **kwargs)
    return services.order_complete(
        actor=fs["technician"],
        order=order,
        signature=signature_png(),
        signed_by="王师傅",
        work_done="更换天线",
        now=now,
    )


def repair_ticket(pmc, *, now: datetime | None = None):
    """A 报修 at the property centre's desk (seed 000 L29), the centre set up
    with the field preset: ``(ticket, customer)``."""
    from kefu.desk.models import Category, Channel, RequestType
    from kefu.desk.services import ticket_register

    services.field_preset_apply(actor=None, site=pmc.site, key="property_centre")
    clerk = pmc["cs_clerk"]
    customer = customer_create(
        actor=clerk, site=pmc.site, kind="owner", name="李业主", phone="13900000002"
    )
    ticket = ticket_register(
        actor=clerk,
        site=pmc.site,
        request_type=RequestType.objects.get(site=pmc.site, code="repair"),
        category=Category.objects.get(site=pmc.site, code="door_window"),
        channel=Channel.objects.get(site=pmc.site, code="hotline"),
        subject="门锁坏了",
        content="3栋502 入户门锁无法打开",
        customer=customer,
        occurred_place="3栋502",
        now=now,
    )
    return ticket, customer
