import re
from dataclasses import dataclass

import pytest

from kefu.customers.models import Customer, Unit, UnitOccupancy
from kefu.customers.tests.factories import CustomerFactory, UnitFactory
from kefu.notify.senders.memory import MemorySender
from kefu.portal.models import PortalLink, PortalSettings
from kefu.portal.services import portal_links_ensure, portal_setup

# seed 000 L29: the published 24-hour hotline; L69: emergency, daily, complaint numbers
HOTLINE = "400-820-0000"


class Sms(list):
    """Reading the SMS outbox first runs the callbacks waiting for a commit
    (the test's transaction never commits)."""

    def flush(self) -> "Sms":
        from django.db import connection

        pending, connection.run_on_commit[:] = list(connection.run_on_commit), []
        for _sids, callback, _robust in pending:
            callback()
        return self


@pytest.fixture
def sms(settings):
    """SMS goes into ``MemorySender.outbox``; ``code_of(sms, phone)`` reads the last code."""
    settings.KEFU_NOTIFY_SENDERS = ["kefu.notify.senders.memory.MemorySender"]
    MemorySender.outbox.clear()
    yield Sms()
    MemorySender.outbox.clear()


def code_of(box: Sms, phone: str) -> str:
    box.flush()
    sent = [m for m in MemorySender.outbox if m["channel"] == "sms" and m["address"] == phone]
    return re.search(r"\d{6}", sent[-1]["body"]).group(0)


@dataclass
class Portal:
    settings: PortalSettings
    unit: Unit
    customer: Customer
    other: Customer
    site_link: PortalLink
    unit_link: PortalLink

    @property
    def site(self):
        return self.settings.site


@pytest.fixture
def portal(pmc, sms) -> Portal:
    settings = portal_setup(
        actor=None,
        site=pmc.site,
        hotline=HOTLINE,
        emergency_phone="0755-110119",
        daily_service_phone="0755-88886666",
        complaint_phone="0755-88887777",
    )
    unit = UnitFactory(site=pmc.site, building="3栋", number="1201")
    customer = CustomerFactory(site=pmc.site, name="王女士", phone="13800138000")
    UnitOccupancy.objects.create(unit=unit, customer=customer, role="owner")
    other = CustomerFactory(site=pmc.site, name="李先生", phone="13900139000")
    portal_links_ensure(actor=None, site=pmc.site)
    return Portal(
        settings=settings,
        unit=unit,
        customer=customer,
        other=other,
        site_link=PortalLink.objects.get(site=pmc.site, unit__isnull=True),
        unit_link=PortalLink.objects.get(unit=unit),
    )


@pytest.fixture(autouse=True)
def _fresh_page_counts():
    """Page views are counted in the cache; each test starts at zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
