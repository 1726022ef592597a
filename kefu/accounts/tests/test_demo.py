"""The accounts demo: one account within, one over with a signed first over-limit
shipment, one without credit (seed 000 篇五)."""

from django.utils import timezone

from kefu.accounts.demo import build_accounts_demo
from kefu.accounts.models import BusinessAccount, ShipmentRequest
from kefu.accounts.selectors import credit_status
from kefu.customers.tests.factories import CustomerFactory
from kefu.org.tests.factories import SiteFactory


def test_accounts_demo(db):
    site = SiteFactory(code="maker", kind="manufacturer")
    customers = CustomerFactory.create_batch(3, site=site, kind="dealer")
    now = timezone.now()
    build_accounts_demo(site=site, customers=customers, password="x", now=now)
    today = timezone.localdate(now)
    accounts = {a.code: a for a in BusinessAccount.objects.filter(site=site)}
    within = credit_status(accounts["D001"], today=today)
    assert within.eligibility.eligible and within.balance_fen <= within.limit_fen
    over = ShipmentRequest.objects.filter(account=accounts["D002"], way="first_over").get()
    assert over.signer.username == "liuqiang"
    no_credit = credit_status(accounts["D003"], today=today)
    assert no_credit.eligibility.missing == ["contract"]
    assert list(
        ShipmentRequest.objects.filter(account=accounts["D003"])
        .order_by("id")
        .values_list("refusal", "way")
    ) == [("no_credit", ""), ("", "cash")]
    from kefu.accounts.models import Partner, PartnerSnapshot

    assert sorted(Partner.objects.filter(site=site).values_list("grade", flat=True)) == list("ABCD")
    assert sorted(PartnerSnapshot.objects.values_list("grade", flat=True)) == ["A", "B"]
