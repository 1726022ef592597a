"""Factories and the seed's distributor (seed 000 篇五) for the accounts tests."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import factory

from kefu.accounts.demo import ADMISSION_FORM
from kefu.accounts.models import BusinessAccount, ContractKind
from kefu.accounts.presets import POSITIONS
from kefu.customers.tests.factories import CustomerFactory
from kefu.org.models import Department, Position
from kefu.org.tests.factories import SiteFactory, UserFactory

TZ = ZoneInfo("Asia/Shanghai")


def at(day: str, hm: str = "10:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=TZ)


def d(day: str) -> date:
    return date.fromisoformat(day)


class AccountFactory(factory.django.DjangoModelFactory):
    """An eligible account: ID copy on file, distribution contract with settlement terms."""

    class Meta:
        model = BusinessAccount

    site = factory.SubFactory(SiteFactory, kind="manufacturer")
    customer = factory.SubFactory(
        CustomerFactory, site=factory.SelfAttribute("..site"), kind="dealer"
    )
    code = factory.Sequence(lambda n: f"acc{n}")
    id_copy_on_file = True
    contract_kind = ContractKind.DISTRIBUTION
    contract_signed_on = date(2025, 1, 10)
    settlement_agreement = True


class Distributor:
    """A site with the posts of 篇五, one holder each (``self['regional_manager']``)."""

    def __init__(self) -> None:
        self.site = SiteFactory(code="dist", name="华北经销中心", kind="manufacturer")
        self.users = {}
        for code, (name, caps) in POSITIONS.items():
            position = Position.objects.create(
                site=self.site, code=code, name=name, capabilities=list(caps)
            )
            self.users[code] = UserFactory(username=code, positions=[position])
        self.unit = Department.objects.create(site=self.site, code="eng1", name="第一工程公司")

    def __getitem__(self, code: str):
        return self.users[code]

    def account(self, **kw) -> BusinessAccount:
        return AccountFactory(site=self.site, **kw)


COMPLETE_FORM = ADMISSION_FORM


def admitted_partner(dist, name="宏建劳务", grade="B", now=None, **fields):
    """A partner through the whole admission: form, on-site check, submission, initial check."""
    from kefu.accounts import services

    now = now or at("2026-01-05")
    partner = services.partner_register(
        actor=dist["partner_unit"],
        site=dist.site,
        name=name,
        responsible_unit=dist.unit,
        **{**COMPLETE_FORM, **fields},
    )
    services.partner_onsite_check(
        actor=dist["partner_unit"],
        partner=partner,
        checked_on=now.date(),
        address="confirmed",
        staff="confirmed",
        equipment="confirmed",
    )
    services.partner_submit(actor=dist["partner_unit"], partner=partner, now=now)
    return services.partner_initial_check(
        actor=dist["partner_office"], partner=partner, admit=True, grade=grade, now=now
    )
